using Jebo.Casework.Staff;
using Jebo.Casework.Web;
using Microsoft.AspNetCore.Mvc;

namespace Jebo.Casework.Pages.Account;

/// <summary>One's own personal API tokens: when each was made, last used and expires, and whether it still works; issue
/// one (shown once, only in the answer to the POST that made it, which no cache keeps; only from a session that passed
/// password and TOTP), revoke one.</summary>
public sealed class TokensModel(StaffAccounts accounts, CaseworkOptions options) : StaffPageModel
{
    public IssuedToken? NewToken { get; private set; }
    public bool Revoked { get; private set; }
    public TokenTable Table { get; private set; } = new([], "");

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostIssueAsync()
    {
        NewToken = await accounts.IssueTokenAsync(
            CurrentUser.Login,
            CurrentUser.Login,
            options.TokenLifetime,
            HttpContext.RequestAborted
        );
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id)
    {
        if (!await accounts.RevokeTokenAsync(id, CurrentUser, Staff, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        Revoked = true;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        Table = new TokenTable(
            await accounts.TokensAsync(CurrentUser.Id, HttpContext.RequestAborted),
            "/account/tokens"
        );
    }
}

/// <summary>Tokens to list, and the page whose Revoke handler takes them.</summary>
public sealed record TokenTable(IReadOnlyList<TokenView> Tokens, string RevokeAction);
