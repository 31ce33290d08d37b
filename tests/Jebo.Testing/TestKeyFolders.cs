using Jebo.Casework.Keys;
using Jebo.Intake.Keys;

namespace Jebo.Testing;

/// <summary>Key folders made as <c>jebo init</c> makes them, for tests of one zone's key code that need the other
/// zone's public keys installed first.</summary>
public static class TestKeyFolders
{
    /// <summary>Creates casework's keys in <paramref name="folder"/> and installs the public keys of an intake whose
    /// own keys are created in <c>intake/</c> under it, so that <see cref="CaseworkKeys.Load"/> succeeds.</summary>
    public static void CreateCasework(string folder)
    {
        CaseworkKeys.CreateIfMissing(folder);
        IntakeKeys.CreateIfMissing(Path.Combine(folder, "intake"));
        CaseworkKeys.Install(folder, IntakeKeys.Export(Path.Combine(folder, "intake"), DateTimeOffset.UtcNow));
    }
}
