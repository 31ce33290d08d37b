using Jebo.Casework.Offices;

namespace Jebo.Casework.Staff;

/// <summary>Whose accounts an administrator manages: those of their own office and every office below it.</summary>
/// <remarks>Security: the one place this is decided, so a provincial administrator can neither see, create, reset nor
/// disable an account of another province or of the national office.</remarks>
public static class StaffAdministration
{
    public static bool MayManage(StaffPrincipal administrator, string officeCode, OfficeTree offices) =>
        administrator.Role == Roles.Administrator && offices.IsWithin(officeCode, administrator.OfficeCode);
}
