using System.Text;

namespace Jebo.Reference.Data;

/// <summary>Reads the small CSV files reference data comes in: a header row, commas, double quotes around a
/// field that holds a comma or a quote ("" inside for a quote).</summary>
public static class CsvTable
{
    /// <summary>The operator's file when one is given, else the embedded table; either must have the
    /// <paramref name="columns"/>.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Read(
        string? overrideFile,
        string embeddedName,
        params string[] columns
    )
    {
        string text;
        if (!string.IsNullOrEmpty(overrideFile))
        {
            text = File.ReadAllText(overrideFile, Encoding.UTF8);
        }
        else
        {
            using var stream = typeof(CsvTable).Assembly.GetManifestResourceStream(
                "Jebo.Reference.Data." + embeddedName
            ) ?? throw new InvalidOperationException($"embedded {embeddedName} is missing from the build");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = reader.ReadToEnd();
        }

        var rows = Parse(text);
        if (rows.Count == 0)
        {
            throw new InvalidDataException("the file has no rows under its header");
        }

        if (columns.FirstOrDefault(c => !rows[0].ContainsKey(c)) is { } missing)
        {
            throw new InvalidDataException(
                $"the header lacks the column '{missing}' (it needs {string.Join(",", columns)})"
            );
        }

        return rows;
    }

    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string text)
    {
        var lines = text.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        if (lines.Count == 0)
        {
            return [];
        }

        var header = SplitLine(lines[0]);
        var rows = new List<IReadOnlyDictionary<string, string>>();
        for (var i = 1; i < lines.Count; i++)
        {
            var fields = SplitLine(lines[i]);
            if (fields.Count != header.Count)
            {
                throw new InvalidDataException(
                    $"line {i + 1} has {fields.Count} fields, the header has {header.Count}"
                );
            }

            rows.Add(header.Zip(fields).ToDictionary(p => p.First, p => p.Second.Trim(), StringComparer.Ordinal));
        }

        return rows;
    }

    private static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
