using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jebo.Intake.Attachments;
using Jebo.Intake.Attachments.Cleaning;
using Jebo.Intake.Attachments.Isolation;
using Jebo.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jebo.Intake.Tests.Attachments;

/// <summary>The documents and recordings reporters send besides photos: recognised by their bytes, cleaned by our own
/// cleaners (MP3, AMR) or by mat2 in its sandbox (PDF, office), or refused with a reason they can act on.</summary>
public sealed class DocumentTests
{
    [Theory]
    [InlineData("docx", AttachmentKind.Office)]
    [InlineData("odt", AttachmentKind.Office)]
    [InlineData("mp3", AttachmentKind.Mp3)]
    [InlineData("mp3-frame", AttachmentKind.Mp3)]
    [InlineData("amr", AttachmentKind.Amr)]
    [InlineData("pdf", AttachmentKind.Pdf)]
    public void Documents_and_recordings_are_recognised_by_their_bytes(string sample, AttachmentKind kind)
    {
        var file = sample switch
        {
            "docx" => TestDocuments.Docx(),
            "odt" => TestDocuments.Odt(),
            "mp3" => TestDocuments.Mp3(),
            "mp3-frame" => TestDocuments.Mp3Frame,
            "amr" => TestDocuments.Amr(),
            _ => TestDocuments.Pdf(),
        };
        var head = file.AsSpan(0, Math.Min(file.Length, AttachmentType.SniffLength));

        Assert.Equal(kind, AttachmentType.Recognise(head));
        Assert.False(AttachmentType.IsUncleanableDocument(head));
    }

    [Fact]
    public void A_zip_is_an_office_document_only_by_what_its_first_entry_says()
    {
        Assert.Equal(".docx", OfficeDocument.Recognise(TestDocuments.Docx())?.Extension);
        Assert.Equal(".odt", OfficeDocument.Recognise(TestDocuments.Odt())?.Extension);
        // A macro-enabled document, an unknown OpenDocument kind and a plain archive are not office documents to us.
        Assert.Null(
            OfficeDocument.Recognise(
                Rezip(
                    TestDocuments.Docx(),
                    "wordprocessingml.document.main+xml",
                    "ms-word.document.macroEnabled.main+xml"
                )
            )
        );
        Assert.Null(AttachmentType.Recognise(TestDocuments.Odt("application/vnd.oasis.opendocument.base")));
        Assert.Null(AttachmentType.Recognise(TestDocuments.Odt("application/zip")));
    }

    [Fact]
    public void Hangul_documents_and_old_binary_office_files_are_refused_by_their_bytes()
    {
        foreach (var head in new[] { TestDocuments.HwpHead, TestDocuments.Odt("application/hwp+zip") })
        {
            Assert.Null(AttachmentType.Recognise(head));
            Assert.True(AttachmentType.IsUncleanableDocument(head));
        }
    }

    [Fact]
    public async Task An_MP3_keeps_its_audio_frames_and_loses_its_ID3_APE_and_trailing_tags()
    {
        var original = TestDocuments.Mp3();
        Assert.All(new[] { TestDocuments.SecretTitle, TestDocuments.SecretApe, TestDocuments.SecretTrailer }, s =>
            Assert.True(TestFiles.Contains(original, s))
        );

        var cleaned = await CleanAsync(original, Mp3Cleaner.CleanAsync);

        Assert.Equal(Enumerable.Repeat(TestDocuments.Mp3Frame, 20).SelectMany(f => f), cleaned);
    }

    [Fact]
    public async Task An_MP3_that_does_not_start_with_audio_after_its_tags_is_refused() =>
        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync([.. "ID3"u8, 3, 0, 0, 0, 0, 0, 0, .. "hidden data, no frames"u8], Mp3Cleaner.CleanAsync)
        );

    [Fact]
    public async Task AMR_speech_is_kept_frame_for_frame_and_anything_else_is_refused()
    {
        var amr = TestDocuments.Amr();
        Assert.Equal(amr, await CleanAsync(amr, AmrCleaner.CleanAsync));

        await Assert.ThrowsAsync<UncleanableFileException>(() =>
            CleanAsync(TestDocuments.Amr("secret-note"u8.ToArray()), AmrCleaner.CleanAsync)
        );
        byte[] reserved = [.. "#!AMR\n"u8, 0x4C, .. new byte[40]];
        await Assert.ThrowsAsync<UncleanableFileException>(() => CleanAsync(reserved, AmrCleaner.CleanAsync));
    }

    [Fact]
    public async Task A_Hangul_document_is_refused_with_a_request_for_PDF_or_photos()
    {
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite, "--rate-limits", "off");

        var refused = await IsolationTests.PostAsync(platform, "보고서.hwp", TestDocuments.HwpHead);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await IsolationTests.ErrorAsync(refused);
        Assert.StartsWith("보고서.hwp: Hangul (.hwp, .hwpx)", error, StringComparison.Ordinal);
        Assert.Contains("Save it as PDF", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recordings_reach_casework_as_audio_frames_only()
    {
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite, "--rate-limits", "off");
        Assert.Equal(
            HttpStatusCode.Created,
            (await IsolationTests.PostAsync(platform, "call.mp3", TestDocuments.Mp3())).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Created,
            (await IsolationTests.PostAsync(platform, "voice.amr", TestDocuments.Amr())).StatusCode
        );

        var files = await DownloadAllAsync(platform);

        Assert.Equal("audio/mpeg", files["call.mp3"].ContentType);
        Assert.Equal(Enumerable.Repeat(TestDocuments.Mp3Frame, 20).SelectMany(f => f), files["call.mp3"].Bytes);
        Assert.Equal("audio/amr", files["voice.amr"].ContentType);
        Assert.Equal(TestDocuments.Amr(), files["voice.amr"].Bytes);
    }

    [Fact]
    public async Task A_PDF_and_a_Word_document_reach_casework_cleaned_by_mat2()
    {
        Assert.SkipUnless(
            Sandbox.FindProgram("mat2") is not null && Sandbox.Detect().Bubblewrap is not null,
            "mat2 and a working bwrap are needed"
        );
        await using var platform = await TestPlatform.StartAsync(TestDatabases.Sqlite, "--rate-limits", "off");
        Assert.EndsWith(
            "PDF/office by mat2 in bwrap",
            platform.IntakeApp.Services.GetRequiredService<FileCleaning>().Describe(),
            StringComparison.Ordinal
        );
        var pdf = TestDocuments.Pdf();
        var docx = TestDocuments.Docx();
        Assert.True(
            TestFiles.Contains(pdf, TestDocuments.SecretAuthor) && TestFiles.Contains(pdf, TestDocuments.SecretXmp)
        );

        Assert.Equal(HttpStatusCode.Created, (await IsolationTests.PostAsync(platform, "scan.pdf", pdf)).StatusCode);
        Assert.Equal(
            HttpStatusCode.Created,
            (await IsolationTests.PostAsync(platform, "statement.docx", docx)).StatusCode
        );
        var files = await DownloadAllAsync(platform);

        var cleanedPdf = files["scan.pdf"];
        Assert.Equal("metadata-removed", cleanedPdf.Cleaning);
        Assert.StartsWith(
            "%PDF-",
            System.Text.Encoding.ASCII.GetString(cleanedPdf.Bytes[..5]),
            StringComparison.Ordinal
        );
        var cleanedDocx = files["statement.docx"];
        Assert.Equal(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            cleanedDocx.ContentType
        );
        using var zip = new ZipArchive(new MemoryStream(cleanedDocx.Bytes));
        Assert.Contains(zip.Entries, e => e.FullName == "word/document.xml");
        var text = string.Concat(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
        foreach (var secret in TestDocuments.Secrets)
        {
            Assert.False(TestFiles.Contains(cleanedPdf.Bytes, secret), secret);
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_mat2_the_zone_runs_refuses_PDF_with_a_reason_and_still_takes_photos()
    {
        await using var platform = await TestPlatform.StartAsync(
            TestDatabases.Sqlite,
            "--rate-limits",
            "off",
            "--mat2",
            "/nonexistent/mat2"
        );
        Assert.EndsWith(
            "PDF/office refused: mat2 not installed",
            platform.IntakeApp.Services.GetRequiredService<FileCleaning>().Describe(),
            StringComparison.Ordinal
        );

        var pdf = await IsolationTests.PostAsync(platform, "scan.pdf", TestDocuments.Pdf());
        var docx = await IsolationTests.PostAsync(platform, "statement.docx", TestDocuments.Docx());

        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Contains(
            "scan.pdf: the file could not be checked",
            await IsolationTests.ErrorAsync(pdf),
            StringComparison.Ordinal
        );
        Assert.Equal(HttpStatusCode.BadRequest, docx.StatusCode);
        Assert.Equal(
            HttpStatusCode.Created,
            (await IsolationTests.PostAsync(platform, "photo.jpg", TestFiles.JpegWithGps())).StatusCode
        );
    }

    private sealed record Downloaded(string ContentType, string Cleaning, byte[] Bytes);

    /// <summary>Carries the reports to casework and downloads every file of every case, by file name.</summary>
    private static async Task<Dictionary<string, Downloaded>> DownloadAllAsync(TestPlatform platform)
    {
        await platform.TransferAsync();
        var staff = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var files = new Dictionary<string, Downloaded>(StringComparer.Ordinal);
        foreach (
            var item in (await staff.GetFromJsonAsync<JsonElement>("/api/v1/cases"))
                .GetProperty("items")
                .EnumerateArray()
        )
        {
            var detail = await staff.GetFromJsonAsync<JsonElement>(
                $"/api/v1/cases/{item.GetProperty("id").GetString()}"
            );
            foreach (var file in detail.GetProperty("attachments").EnumerateArray())
            {
                files[file.GetProperty("fileName").GetString()!] = new Downloaded(
                    file.GetProperty("contentType").GetString()!,
                    file.GetProperty("cleaning").GetString()!,
                    await staff.GetByteArrayAsync(file.GetProperty("download").GetString())
                );
            }
        }

        return files;
    }

    private static byte[] Rezip(byte[] zip, string from, string to)
    {
        using var input = new ZipArchive(new MemoryStream(zip));
        using var output = new MemoryStream();
        using (var rewritten = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in input.Entries)
            {
                var text = new StreamReader(entry.Open()).ReadToEnd().Replace(from, to, StringComparison.Ordinal);
                using var writer = new StreamWriter(rewritten.CreateEntry(entry.FullName).Open());
                writer.Write(text);
            }
        }

        return output.ToArray();
    }

    private static async Task<byte[]> CleanAsync(byte[] input, Func<ByteSource, Stream, CancellationToken, Task> clean)
    {
        using var output = new MemoryStream();
        await clean(
            new ByteSource(new MemoryStream(input), ReadOnlyMemory<byte>.Empty),
            output,
            CancellationToken.None
        );
        return output.ToArray();
    }
}
