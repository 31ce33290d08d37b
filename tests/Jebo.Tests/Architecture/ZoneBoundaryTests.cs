using System.Reflection;

namespace Jebo.Tests.Architecture;

/// <summary>Dependencies point one way: the internet-facing zone can never reach the code that opens sealed
/// reports.</summary>
public sealed class ZoneBoundaryTests
{
    private static IEnumerable<AssemblyName> ReachableFrom(Assembly root)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<AssemblyName>([root.GetName()]);
        while (pending.TryPop(out var name))
        {
            if (name.Name is null || !seen.Add(name.Name) || !name.Name.StartsWith("Jebo", StringComparison.Ordinal))
            {
                continue;
            }

            yield return name;
            foreach (var reference in Assembly.Load(name).GetReferencedAssemblies())
            {
                pending.Push(reference);
            }
        }
    }

    [Fact]
    public void The_intake_assembly_cannot_reach_casework()
    {
        var reachable = ReachableFrom(typeof(Intake.IntakeZone).Assembly).Select(a => a.Name).ToList();
        Assert.Contains("Jebo.Transfer", reachable);
        Assert.DoesNotContain("Jebo.Casework", reachable);
        Assert.DoesNotContain("jebo", reachable);
    }

    [Fact]
    public void Only_the_casework_assembly_holds_the_sealed_box_opener_and_the_private_keys()
    {
        var intakeSide = ReachableFrom(typeof(Intake.IntakeZone).Assembly)
            .Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .ToList();
        Assert.DoesNotContain(intakeSide, t => t.Name.Contains("Opener", StringComparison.Ordinal));
        Assert.DoesNotContain(intakeSide, t => t.Name == "CaseworkKeys");
        Assert.Equal("Jebo.Casework", typeof(Casework.Sealing.SealedBoxOpener).Assembly.GetName().Name);
    }

    [Fact]
    public void Pure_components_know_nothing_of_the_web_or_the_database()
    {
        foreach (
            var pure in new[]
            {
                typeof(Jebo.Transfer.Bundles.BundleFormat).Assembly,
                typeof(Screening.Normalization.TextNormalizer).Assembly,
                typeof(Reference.Regions.RegionDataset).Assembly,
            }
        )
        {
            var references = pure.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
            Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
            Assert.DoesNotContain(references, r =>
                r.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
            );
        }
    }
}
