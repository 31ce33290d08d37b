using Jebo.Casework.Data;
using Jebo.Intake.Data;
using Jebo.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Jebo.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef` create the intake zone's PostgreSql migrations; used at design time only.</summary>
public sealed class IntakeDbFactory : IDesignTimeDbContextFactory<IntakeDb>
{
    public IntakeDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<IntakeDb>();
        options.Use("Host=localhost;Database=jebo_design;Username=jebo;Password=jebo");
        return new IntakeDb(options.Options);
    }
}

/// <summary>Lets `dotnet ef` create the casework zone's PostgreSql migrations; used at design time only.</summary>
public sealed class CaseworkDbFactory : IDesignTimeDbContextFactory<CaseworkDb>
{
    public CaseworkDb CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<CaseworkDb>();
        options.Use("Host=localhost;Database=jebo_design;Username=jebo;Password=jebo");
        return new CaseworkDb(options.Options);
    }
}
