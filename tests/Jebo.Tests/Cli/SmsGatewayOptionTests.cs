using Jebo.Cli;

namespace Jebo.Tests.Cli;

/// <summary><c>--sms-gateway URL</c> and <c>--sms-gateway-token-file FILE</c> reach the casework zone; a bad address,
/// a missing token file or a token file without a gateway is bad usage (exit 2), said at the command line.</summary>
public sealed class SmsGatewayOptionTests
{
    [Fact]
    public void Without_the_option_no_gateway_is_set()
    {
        var settings = JeboSettings.From(Arguments.Parse(["--data", Path.GetTempPath()]), null);
        Assert.False(settings.Casework.Sms.Enabled);
    }

    [Fact]
    public void The_gateway_and_its_token_file_reach_the_casework_zone()
    {
        var token = Path.GetTempFileName();
        try
        {
            var settings = JeboSettings.From(
                Arguments.Parse([
                    "--data",
                    Path.GetTempPath(),
                    "--sms-gateway",
                    "https://sms-gw.internal.example/v1/send",
                    "--sms-gateway-token-file",
                    token,
                ]),
                null
            );
            Assert.Equal(new Uri("https://sms-gw.internal.example/v1/send"), settings.Casework.Sms.Gateway);
            Assert.Equal(Path.GetFullPath(token), settings.Casework.Sms.TokenFile);
        }
        finally
        {
            File.Delete(token);
        }
    }

    [Theory]
    [InlineData("--sms-gateway", "sms-gw.internal.example", "http or https URL")]
    [InlineData("--sms-gateway", "ftp://sms-gw.internal.example/", "http or https URL")]
    [InlineData("--sms-gateway-token-file", "/etc/hosts", "needs --sms-gateway")]
    public async Task Bad_settings_are_bad_usage_with_a_reason(string option, string value, string reason)
    {
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(
            ["transfer", "status", "--data", Path.GetTempPath(), option, value],
            TextReader.Null,
            TextWriter.Null,
            error,
            TestContext.Current.CancellationToken
        );
        Assert.Equal(2, exit);
        Assert.Contains(reason, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_file_that_is_not_there_is_bad_usage()
    {
        var missing = Path.Combine(Path.GetTempPath(), "jebo-no-such-token-" + Guid.NewGuid().ToString("n"));
        var refused = Assert.Throws<UsageException>(() =>
            JeboSettings.SmsFrom(
                Arguments.Parse(["--sms-gateway", "http://10.0.0.5/sms", "--sms-gateway-token-file", missing])
            )
        );
        Assert.Contains("no such file", refused.Message, StringComparison.Ordinal);
    }
}
