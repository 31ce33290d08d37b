using Jebo.Screening.Entities;

namespace Jebo.Screening.Tests.Entities;

public sealed class EntityExtractorTests
{
    private static List<string> Keys(string text, string[]? names = null, string[]? organizations = null) =>
        [.. EntityExtractor.Extract(text, names, organizations).Select(e => e.Key)];

    [Theory]
    [InlineData("연락처는 010-1234-5678 입니다", "Phone:01012345678")]
    [InlineData("전화 010 1234 5678", "Phone:01012345678")]
    [InlineData("call +82 10-1234-5678 now", "Phone:01012345678")]
    [InlineData("사무실 02-123-4567", "Phone:021234567")]
    [InlineData("부산 051-987-6543 번", "Phone:0519876543")]
    [InlineData("电话 ０１０－１２３４－５６７８", "Phone:01012345678")]
    public void Phone_numbers_are_found_in_one_form(string text, string expected) =>
        Assert.Contains(expected, Keys(text));

    [Theory]
    [InlineData("검은 차 12가 3456 를 탄다", "VehiclePlate:12가3456")]
    [InlineData("차량 123나4567", "VehiclePlate:123나4567")]
    [InlineData("서울12가3456 번호판", "VehiclePlate:서울12가3456")]
    public void Vehicle_plates_are_found(string text, string expected) => Assert.Contains(expected, Keys(text));

    [Fact]
    public void Account_numbers_are_found_and_not_mistaken_for_phones()
    {
        var keys = Keys("입금 계좌 110-234-567890 으로 보내라고 했고 010-1111-2222 로 연락");
        Assert.Contains("Account:110234567890", keys);
        Assert.Contains("Phone:01011112222", keys);
        Assert.DoesNotContain("Account:01011112222", keys);
    }

    [Fact]
    public void Names_and_organisations_come_from_fields_and_gang_names_from_text()
    {
        var keys = Keys("칠성파 조직원들이 시장에서", ["김철수", "김OO", "불분명"], ["대성건설"]);
        Assert.Contains("Person:김철수", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("Person:김oo", StringComparison.Ordinal));
        Assert.DoesNotContain("Person:불분명", keys);
        Assert.Contains("Organization:칠성파", keys);
        Assert.Contains("Organization:대성건설", keys);
    }

    [Fact]
    public void Links_and_emails_are_found()
    {
        var keys = Keys("see https://example.org/x and write to Boss@Example.com.");
        Assert.Contains("Url:https://example.org/x", keys);
        Assert.Contains("Email:boss@example.com", keys);
    }

    [Fact]
    public void Plain_text_without_entities_yields_none() => Assert.Empty(Keys("아무것도 없는 문장입니다"));
}
