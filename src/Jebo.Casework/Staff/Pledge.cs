namespace Jebo.Casework.Staff;

/// <summary>The confidentiality pledge every member of staff accepts before seeing any case. Raising
/// <see cref="CurrentVersion"/> when the text changes makes everyone accept it again.</summary>
public static class Pledge
{
    public const int CurrentVersion = 1;

    public static string Text(string language) =>
        language switch
        {
            "en" => "I will keep secret everything I learn from reports and cases, above all who the reporters are. I "
                + "will use it only for verifying the clues I am given, never copy it out of the confidential network, "
                + "and report any leak at once. I know every view and action of mine is recorded.",
            "zh" =>
                "我将对从举报和案件中获知的一切严格保密，尤其是举报人的身份。我只将其用于核查分配给我的线索，绝不将其带出涉密网络，发现泄密立即报告。我知道我的每一次查看和操作都会被记录。",
            _ =>
                "나는 제보와 사건에서 알게 된 모든 것, 특히 제보자가 누구인지를 비밀로 지킨다. 나에게 맡겨진 단서를 확인하는 데에만 쓰고, 기밀망 밖으로 절대 옮기지 않으며, 유출을 알게 되면 "
                    + "즉시 보고한다. 나의 모든 열람과 조치가 기록됨을 안다.",
        };
}
