namespace Jebo.Tests.Cli;

/// <summary><c>--trusted-proxy</c> and <c>--client-address-header</c> as an operator types them.</summary>
public sealed class TrustedProxyOptionTests
{
    [Fact]
    public async Task A_client_address_header_without_a_proxy_to_believe_it_from_is_refused_with_the_fix()
    {
        using var site = OperatorFolder.Empty();
        var refusal = await site.MisuseAsync("intake", "--client-address-header", "X-Real-IP");
        Assert.Contains(
            "--client-address-header X-Real-IP is believed only from the proxy",
            refusal,
            StringComparison.Ordinal
        );
        Assert.Contains("--trusted-proxy 127.0.0.1", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_proxy_that_is_no_address_is_refused_by_name()
    {
        using var site = OperatorFolder.Empty();
        var refusal = await site.MisuseAsync("intake", "--trusted-proxy", "127.0.0.1,proxy.local");
        Assert.Contains("--trusted-proxy", refusal, StringComparison.Ordinal);
        Assert.Contains("'proxy.local'", refusal, StringComparison.Ordinal);
    }
}
