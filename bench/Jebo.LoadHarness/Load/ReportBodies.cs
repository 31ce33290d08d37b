using System.Globalization;
using System.Text;

namespace Jebo.LoadHarness.Load;

/// <summary>Report bodies of an exact size in bytes, each one different: a realistic report whose description is
/// padded with Korean and Latin text, and a twelve-digit serial number written into a fixed place.</summary>
/// <remarks>Every body differs so that no defence against repeated content can answer from memory instead of
/// storing the report.</remarks>
public sealed class ReportBodies
{
    private const string Marker = "#000000000000";
    private readonly byte[] template;
    private readonly int serialAt;

    public ReportBodies(int size)
    {
        const string filler =
            "부산 사하구 건설 현장에서 조직원들이 하도급 업체에 매달 보호비를 요구하고 거절하면 장비를 부순다고 합니다. Members of the group collect protection "
            + "money from subcontractors every month. ";
        var description = new StringBuilder();
        string Json() =>
            """{"language":"ko","category":"protection-racket","region":"26380","reporter":{"anonymous":true}"""
            + ""","subjects":[{"name":"김OO","alias":"","organization":"칠성파","description":""}]"""
            + $$""","facts":{"when":"2026-10","where":"부산 사하구","description":"{{description}}{{Marker}}"}"""
            + ""","officials":[]}""";
        var i = 0;
        while (Encoding.UTF8.GetByteCount(Json()) < size)
        {
            description.Append(filler[i++ % filler.Length]);
        }

        while (Encoding.UTF8.GetByteCount(Json()) > size && description.Length > 0)
        {
            description.Length--;
        }

        // Multi-byte characters may leave the body a byte or two short of the size: pad with ASCII.
        while (Encoding.UTF8.GetByteCount(Json()) < size)
        {
            description.Append('.');
        }

        template = Encoding.UTF8.GetBytes(Json());
        serialAt = template.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker)) + 1;
    }

    public int Size => template.Length;

    /// <summary>A new body carrying <paramref name="serial"/>.</summary>
    public byte[] Next(long serial)
    {
        var body = (byte[])template.Clone();
        var digits = serial.ToString("D12", CultureInfo.InvariantCulture);
        for (var d = 0; d < 12; d++)
        {
            body[serialAt + d] = (byte)digits[d];
        }

        return body;
    }
}
