using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Jebo.Casework.Lifecycle;
using Jebo.Testing;
using Microsoft.EntityFrameworkCore;

namespace Jebo.Casework.Tests.Cases;

/// <summary>Work for people, not only offices (issue 15): a case assigned to a person of its office and found under
/// "my cases", internal notes that never reach the reporter, and investigation documents kept apart from the
/// reporter's files — each tried by insiders who should not get through.</summary>
public sealed class CaseWorkForPeopleTests
{
    [Theory]
    [DatabaseProviders]
    public async Task A_case_goes_to_a_person_of_its_office_and_shows_under_assignee_me(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var investigator = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var colleague = await platform.StaffClientAsync("busan-inv2", "26", "investigator");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);
        var other = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);

        var assigned = await busan.StepAsync(id, new { action = "assign", assignee = "busan-inv" });
        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal("26", assigned.GetProperty("office").GetString());
        Assert.Equal("busan-inv", assigned.GetProperty("work").GetProperty("assignee").GetString());

        var mine = await investigator.GetFromJsonAsync<JsonElement>("/api/v1/cases?assignee=me");
        Assert.Equal([id], mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("busan-inv", mine.GetProperty("items")[0].GetProperty("assignee").GetString());
        var theirs = await colleague.GetFromJsonAsync<JsonElement>("/api/v1/cases?assignee=me");
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
        var byLogin = await busan.GetFromJsonAsync<JsonElement>("/api/v1/cases?assignee=busan-inv");
        Assert.DoesNotContain(
            other,
            byLogin.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString())
        );

        // Handed to a colleague, then undone: the trail names both, and revert puts the first person back.
        var handed = await busan.StepAsync(id, new { action = "assign", assignee = "busan-inv2" });
        Assert.Equal("busan-inv2", handed.GetProperty("work").GetProperty("assignee").GetString());
        var entry = handed
            .GetProperty("history")
            .EnumerateArray()
            .Last(h => h.GetProperty("action").GetString() == "case.assign");
        Assert.Equal("busan-inv", entry.GetProperty("details").GetProperty("previousAssignee").GetString());
        var national = await platform.StaffClientAsync("nat-sup", "national", "supervisor");
        var reverted = await busan.ConfirmedAsync(
            national,
            id,
            new
            {
                action = "revert",
                @event = entry.GetProperty("sequence").GetInt64(),
                reason = "잘못 배정함",
            }
        );
        Assert.Equal("busan-inv", reverted.GetProperty("work").GetProperty("assignee").GetString());

        // A transfer away leaves the assignee behind: the person no longer sees the case.
        await busan.StepAsync(
            id,
            new
            {
                action = "transfer",
                office = "11",
                reason = "서울 사건",
            }
        );
        var after = await investigator.GetFromJsonAsync<JsonElement>("/api/v1/cases?assignee=me");
        Assert.Empty(after.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [DatabaseProviders]
    public async Task Assigning_to_someone_outside_the_office_or_disabled_or_an_auditor_is_refused(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        await platform.StaffClientAsync("seoul-inv", "11", "investigator");
        await platform.StaffClientAsync("saha-inv", "26380", "investigator");
        await platform.StaffClientAsync("busan-aud", "26", "auditor");
        await platform.StaffClientAsync("busan-gone", "26", "investigator");
        await platform.RunCliAsync(null, "users", "set", "--login", "busan-gone", "--disabled", "true");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Accepted);

        foreach (var login in new[] { "seoul-inv", "saha-inv", "busan-aud", "busan-gone", "nobody" })
        {
            var refused = await busan.ActAsync(id, new { action = "assign", assignee = login });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty("assignee", out _), login);
        }

        // Assigned down to Saha-gu together with a person there, the person must be of Saha-gu.
        var down = await busan.StepAsync(
            id,
            new
            {
                action = "assign",
                office = "26380",
                assignee = "saha-inv",
            }
        );
        Assert.Equal("26380", down.GetProperty("office").GetString());
        Assert.Equal("saha-inv", down.GetProperty("work").GetProperty("assignee").GetString());
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal("saha-inv", (await db.Cases.SingleAsync(c => c.Id == id)).Assignee);
    }

    [Theory]
    [DatabaseProviders]
    public async Task A_note_is_kept_audited_shown_to_staff_and_never_reaches_the_reporter(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-sup", "26", "supervisor");
        var marker = "내부메모-" + Guid.NewGuid().ToString("n")[..8];
        var receipt = await platform.SubmitAsync("부산 사하구 재래시장 자릿세 갈취 " + marker[..4], "26380");
        await platform.TransferAsync();
        await using var db = platform.OpenCaseworkDb();
        var id = (await db.Cases.SingleAsync()).Id;

        var noted = await busan.StepAsync(id, new { action = "note", text = "제보자 진술 신빙성 높음 " + marker });
        var note = Assert.Single(noted.GetProperty("work").GetProperty("notes").EnumerateArray());
        Assert.Contains(marker, note.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("busan-sup", note.GetProperty("author").GetString());
        var trail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/audit?case={id}");
        Assert.Contains(trail.EnumerateArray(), e => e.GetProperty("action").GetString() == "case.note");

        // The reporter's channel works (a message goes out), and carries the message but never the note.
        await busan.StepAsync(id, new { action = "publish-status", message = "접수되어 검토 중입니다." });
        await busan.StepAsync(id, new { action = "note", text = "두 번째 메모 " + marker });
        await platform.TransferAsync();
        var status = await (
            await platform.Intake.PostAsJsonAsync("/api/v1/status", new { receipt })
        ).Content.ReadAsStringAsync();
        Assert.Contains("접수되어 검토 중입니다.", status, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, status, StringComparison.Ordinal);
        foreach (var file in platform.Files("transfer"))
        {
            Assert.DoesNotContain(
                marker,
                Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)),
                StringComparison.Ordinal
            );
        }
    }

    [Theory]
    [DatabaseProviders]
    public async Task Notes_outside_jurisdiction_or_by_auditors_and_administrators_are_refused(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var auditor = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var admin = await platform.StaffClientAsync("busan-adm", "26", "administrator");
        var screener = await platform.StaffClientAsync("busan-scr", "26", "screener");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.Closed);

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await seoul.ActAsync(id, new { action = "note", text = "엿보기" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await auditor.ActAsync(id, new { action = "note", text = "감사인의 메모" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await admin.ActAsync(id, new { action = "note", text = "관리자의 메모" })).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.BadRequest,
            (await screener.ActAsync(id, new { action = "note", text = "  " })).StatusCode
        );
        // A closed case still takes a note from someone who works it.
        await screener.StepAsync(id, new { action = "note", text = "종결 후 추가 확인 사항" });
        await using var db = platform.OpenCaseworkDb();
        Assert.Equal(1, await db.CaseNotes.CountAsync(n => n.CaseId == id));
        Assert.Equal("busan-scr", (await db.CaseNotes.SingleAsync()).Author);
    }

    [Theory]
    [DatabaseProviders]
    public async Task An_investigation_document_is_sealed_apart_audited_and_only_within_jurisdiction(string provider)
    {
        await using var platform = await TestPlatform.StartAsync(provider);
        var busan = await platform.StaffClientAsync("busan-inv", "26", "investigator");
        var seoul = await platform.StaffClientAsync("seoul-sup", "11", "supervisor");
        var auditor = await platform.StaffClientAsync("busan-aud", "26", "auditor");
        var id = await CaseSeeds.AddAsync(platform, status: CaseStatus.InVerification);
        var bytes = Encoding.UTF8.GetBytes("진술서: 상인 김모 씨, 매주 자릿세 5만원 " + Guid.NewGuid());

        static MultipartFormDataContent Upload(byte[] bytes, string name)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            return new MultipartFormDataContent { { file, "file", name } };
        }

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await seoul.PostAsync($"/api/v1/cases/{id}/documents", Upload(bytes, "x.txt"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.Forbidden,
            (await auditor.PostAsync($"/api/v1/cases/{id}/documents", Upload(bytes, "x.txt"))).StatusCode
        );
        var added = await busan.PostAsync($"/api/v1/cases/{id}/documents", Upload(bytes, "../../진술서.txt"));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var download = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("download").GetString()!;

        var detail = await busan.GetFromJsonAsync<JsonElement>($"/api/v1/cases/{id}");
        var document = Assert.Single(detail.GetProperty("work").GetProperty("documents").EnumerateArray());
        Assert.Equal("진술서.txt", document.GetProperty("fileName").GetString());
        Assert.Empty(detail.GetProperty("attachments").EnumerateArray());

        var got = await busan.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal(bytes, await got.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/octet-stream", got.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await seoul.GetAsync(download)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync(download)).StatusCode);

        await using var db = platform.OpenCaseworkDb();
        var stored = await db.CaseDocuments.SingleAsync();
        Assert.DoesNotContain("진술서: 상인", Encoding.UTF8.GetString(stored.Sealed), StringComparison.Ordinal);
        Assert.Equal(0, await db.Attachments.CountAsync());
        var actions = await db.AuditEntries.Where(a => a.CaseId == id).Select(a => a.Action).ToListAsync();
        Assert.Contains("document.added", actions);
        Assert.Single(actions, a => a == "document.downloaded");

        var tooLarge = await busan.PostAsync(
            $"/api/v1/cases/{id}/documents",
            Upload(new byte[CaseDocumentsLimit + 1], "big.bin")
        );
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    private const int CaseDocumentsLimit = (int)Jebo.Casework.Cases.CaseDocuments.MaxBytes;
}
