using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>
/// A file that takes its cleaner over costs that one upload, never the zone: the attack is a worker that crashes, spins
/// or answers garbage, played by a real process (a shell script standing in front of the real <c>jebo
/// clean-worker</c>), and every upload goes through the public API of a whole platform.
/// </summary>
public sealed class IsolationTests
{
    private static readonly string Report = TestReports.Anonymous("a report with a file");

    // A worker a hostile file took over. It reads the request's first 18 bytes (8 of protocol mark, 1 kind, a 4-byte
    // frame length, then the file's first 5) and, by those: CRASH dies of a segmentation fault, SPINS never answers,
    // GARBA answers outside the protocol. Any other file goes on to the real worker, given as the script's arguments,
    // with the bytes read put back in front.
    private const string HostileWorker = """
        #!/bin/sh
        first=$(head -c 18 | od -An -v -to1 | tr -s ' \n' '  ')
        case "$first" in
          *" 103 122 101 123 110 ") kill -SEGV $$ ;;
          *" 123 120 111 116 123 ") while :; do :; done ;;
          *" 107 101 122 102 101 ") printf 'JEBOCLN1\377\377\377\377'; exit 0 ;;
        esac
        { for b in $first; do printf "\\$b"; done; exec cat; } | exec "$@"
        """;

    [Theory]
    [InlineData("CRASH on the parser.txt")]
    [InlineData("GARBAge back.txt")]
    public async Task A_worker_that_crashes_or_answers_garbage_costs_only_that_upload(string attack)
    {
        await using var platform = await StartWithHostileWorkerAsync(budgetSeconds: 10);
        var content = attack[..5] + " the file\n";

        var refused = await PostAsync(platform, "attack.txt", System.Text.Encoding.ASCII.GetBytes(content));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(
            "attack.txt: the file could not be checked",
            await ErrorAsync(refused),
            StringComparison.Ordinal
        );
        await AssertZoneStillServesAsync(platform);
    }

    [Fact]
    public async Task A_worker_that_spins_forever_is_killed_at_its_budget_and_costs_only_that_upload()
    {
        await using var platform = await StartWithHostileWorkerAsync(budgetSeconds: 2);
        var clock = Stopwatch.StartNew();

        var refused = await PostAsync(platform, "spin.txt", "SPINS until killed\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("spin.txt: the file could not be checked", await ErrorAsync(refused), StringComparison.Ordinal);
        Assert.True(
            clock.Elapsed < TimeSpan.FromSeconds(30),
            $"the spinning worker held the upload for {clock.Elapsed}"
        );
        await AssertZoneStillServesAsync(platform);
    }

    [Fact]
    public async Task More_uploads_than_workers_wait_their_turn_and_all_succeed()
    {
        await using var platform = await TestPlatform.StartAsync(
            TestDatabases.Sqlite,
            "--rate-limits",
            "off",
            "--cleaner-workers",
            "1"
        );

        var responses = await Task.WhenAll(
            Enumerable.Range(0, 4).Select(i => PostAsync(platform, $"photo{i}.jpg", TestFiles.JpegWithGps()))
        );

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        await using var db = platform.OpenIntakeDb();
        Assert.Equal(4, db.Attachments.Count(a => a.Complete));
    }

    [Fact]
    public async Task The_zone_says_at_start_how_it_cleans_files()
    {
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite, "--cleaner-workers", "3");

        var description = platform.IntakeApp.Services.GetRequiredService<FileCleaning>().Describe();

        Assert.StartsWith("files: own cleaners in up to 3 isolated workers (", description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_process_cleaning_still_cleans_photos_and_refuses_what_only_mat2_could_clean()
    {
        await using var platform = await TestPlatform.StartAsync(
            TestDatabases.Sqlite,
            "--rate-limits",
            "off",
            "--file-cleaning",
            "in-process"
        );
        Assert.Equal(
            "files: own cleaners in the zone's process (--file-cleaning in-process); PDF/office refused: files are "
                + "cleaned in the zone's own process",
            platform.IntakeApp.Services.GetRequiredService<FileCleaning>().Describe()
        );

        Assert.Equal(
            HttpStatusCode.Created,
            (await PostAsync(platform, "photo.jpg", TestFiles.JpegWithGps())).StatusCode
        );
        var pdf = await PostAsync(platform, "scan.pdf", TestDocuments.Pdf());
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Contains("scan.pdf: the file could not be checked", await ErrorAsync(pdf), StringComparison.Ordinal);
    }

    /// <summary>An honest photo after the attack is cleaned by a fresh worker, and the zone answers as
    /// before.</summary>
    private static async Task AssertZoneStillServesAsync(TestPlatform platform)
    {
        var honest = await PostAsync(platform, "IMG_2041.JPG", TestFiles.JpegWithGps());
        Assert.Equal(HttpStatusCode.Created, honest.StatusCode);
        Assert.Equal("ok", await platform.Intake.GetStringAsync("/healthz"));

        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var id = (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetString();
        var file = (await staff.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}"))
            .GetProperty("attachments")
            .EnumerateArray()
            .Single();
        var photo = await staff.GetByteArrayAsync(file.GetProperty("download").GetString());
        Assert.Equal([0xFF, 0xD8], photo[..2]);
        Assert.False(TestFiles.Contains(photo, TestFiles.GpsLatitudeBytes));
    }

    private static async Task<TestPlatform> StartWithHostileWorkerAsync(int budgetSeconds)
    {
        var folder = Directory.CreateTempSubdirectory("jebo-hostile-worker-").FullName;
        var script = Path.Combine(folder, "worker.sh");
        await File.WriteAllTextAsync(script, HostileWorker.ReplaceLineEndings("\n") + "\n");
        var real = CleanerPool.DefaultCommand()!;
        return await TestPlatform.StartAsync(
            TestDatabases.Sqlite,
            "--rate-limits",
            "off",
            "--cleaner-workers",
            "1",
            "--cleaner-budget",
            budgetSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cleaner-command",
            string.Join(' ', ["/bin/sh", script, .. real])
        );
    }

    /// <summary>Posts a report with one file through the API, asking for English answers.</summary>
    internal static async Task<HttpResponseMessage> PostAsync(TestPlatform platform, string name, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/reports")
        {
            Content = PortalForms.Multipart([("report", Report)], ("file", name, bytes)),
        };
        request.Headers.AcceptLanguage.ParseAdd("en");
        return await platform.Intake.SendAsync(request);
    }

    internal static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .GetProperty("attachments[0]")[0]
            .GetString()!;
}
