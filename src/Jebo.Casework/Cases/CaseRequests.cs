using System.Text.Json;
using Jebo.Casework.Data;
using Jebo.Casework.Staff;

namespace Jebo.Casework.Cases;

/// <summary>How a case keeps a step asked for under the double check (<see cref="FourEyes.Gated"/>): the request is
/// stored on the case, nothing else changes, and it is taken off again when a second person above answers it — who may
/// answer is <see cref="FourEyes"/>'s to say; <see cref="CaseActions"/> applies or drops it.</summary>
public static class CaseRequests
{
    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    /// <summary>The step a case holds as asked for.</summary>
    public static CaseActionRequest PendingOf(CaseRecord c) =>
        JsonSerializer.Deserialize<CaseActionRequest>(c.PendingRequest!, RequestJson)
        ?? throw new InvalidOperationException("unreadable pending step");

    /// <summary>Keeps <paramref name="step"/> on its case as asked for, and says so in the trail's details.</summary>
    public static void Ask(CaseStep step)
    {
        var c = step.Case;
        c.PendingRequest = JsonSerializer.Serialize(step.Request with { Version = null }, RequestJson);
        (c.PendingBy, c.PendingOffice, c.PendingAt) = (step.Staff.Login, step.Staff.OfficeCode, step.Now);
        step.Details["requested"] = step.Request.Action;
        step.Details["request"] = JsonDocument.Parse(c.PendingRequest).RootElement.Clone();
    }

    /// <summary>Takes the step asked for off the case, with who asked for it and from which office.</summary>
    public static (CaseActionRequest Pending, string? By, string? Office) Take(CaseRecord c)
    {
        var taken = (PendingOf(c), c.PendingBy, c.PendingOffice);
        (c.PendingRequest, c.PendingBy, c.PendingOffice, c.PendingAt) = (null, null, null, null);
        return taken;
    }
}
