namespace Jebo.Intake.Reports;

/// <summary>The words a reporter reads when a field is refused, in Korean, English and Chinese.</summary>
public static class ValidationMessages
{
    public static string For(ValidationCode code, string language) => (code, language) switch
    {
        (ValidationCode.Required, "en") => "Please fill in this field.",
        (ValidationCode.Required, "zh") => "请填写此项。",
        (ValidationCode.Required, _) => "이 항목을 입력해 주세요.",
        (ValidationCode.TooLong, "en") => "This is too long. Please shorten it.",
        (ValidationCode.TooLong, "zh") => "内容过长，请缩短。",
        (ValidationCode.TooLong, _) => "너무 깁니다. 줄여 주세요.",
        (ValidationCode.TooMany, "en") => "Too many entries.",
        (ValidationCode.TooMany, "zh") => "条目过多。",
        (ValidationCode.TooMany, _) => "항목이 너무 많습니다.",
        (ValidationCode.UnknownCode, "en") => "Please choose one of the listed options, or \"unclear\".",
        (ValidationCode.UnknownCode, "zh") => "请从列表中选择，或选择“不清楚”。",
        (ValidationCode.UnknownCode, _) => "목록에서 고르거나 '불분명'을 선택해 주세요.",
        (ValidationCode.InvalidValue, "en") => "This value is not valid here.",
        (ValidationCode.InvalidValue, "zh") => "此值无效。",
        (ValidationCode.InvalidValue, _) => "올바른 값이 아닙니다.",
        (ValidationCode.InvalidCharacters, "en") => "This contains characters that cannot be accepted.",
        (ValidationCode.InvalidCharacters, "zh") => "含有无法接受的字符。",
        (ValidationCode.InvalidCharacters, _) => "받을 수 없는 문자가 들어 있습니다.",
        (ValidationCode.InvalidPhone, "en") => "Please enter a phone number with 6 to 15 digits.",
        (ValidationCode.InvalidPhone, "zh") => "请输入 6 至 15 位数字的电话号码。",
        (ValidationCode.InvalidPhone, _) => "숫자 6~15자리의 전화번호를 입력해 주세요.",
        (ValidationCode.NameOrPhoneRequired, "en") => "For a report under your name, give a name or a phone number, or choose to report anonymously.",
        (ValidationCode.NameOrPhoneRequired, "zh") => "实名举报请填写姓名或电话，或选择匿名举报。",
        (ValidationCode.NameOrPhoneRequired, _) => "실명 제보는 이름이나 전화번호를 적거나, 익명 제보를 선택해 주세요.",
        (ValidationCode.InvalidJson, "en") => "The request is not valid JSON for this field.",
        (ValidationCode.InvalidJson, "zh") => "此字段的请求不是有效的 JSON。",
        (ValidationCode.InvalidJson, _) => "이 항목의 요청이 올바른 JSON이 아닙니다.",
        (ValidationCode.InvalidUtf8, "en") => "The request is not valid UTF-8 text.",
        (ValidationCode.InvalidUtf8, "zh") => "请求不是有效的 UTF-8 文本。",
        (ValidationCode.InvalidUtf8, _) => "요청이 올바른 UTF-8 텍스트가 아닙니다.",
        (ValidationCode.UnknownField, "en") => "This field is not part of a report.",
        (ValidationCode.UnknownField, "zh") => "此字段不属于举报内容。",
        (ValidationCode.UnknownField, _) => "제보에 없는 항목입니다.",
        (ValidationCode.InvalidReceipt, "en") => "This is not a receipt code. It has 20 letters and digits, like 7KQ2-M9XD-4HTR-E8PA-WZ3C.",
        (ValidationCode.InvalidReceipt, "zh") => "这不是查询码。查询码由 20 个字母和数字组成，例如 7KQ2-M9XD-4HTR-E8PA-WZ3C。",
        (ValidationCode.InvalidReceipt, _) => "조회 코드가 아닙니다. 조회 코드는 7KQ2-M9XD-4HTR-E8PA-WZ3C 처럼 영문과 숫자 20자입니다.",
        _ => code.ToString(),
    };
}
