namespace Jebo.Testing;

/// <summary>The checked-out repository the tests run from, for tests that read its source, documents or
/// corpus.</summary>
public static class TestRepository
{
    /// <summary>The folder holding <c>Jebo.slnx</c>, found upward from the test's output folder.</summary>
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Jebo.slnx")))
                {
                    return folder.FullName;
                }
            }

            throw new DirectoryNotFoundException($"no Jebo.slnx above {AppContext.BaseDirectory}");
        }
    }
}
