using Jebo.Casework.Staff;

namespace Jebo.Casework.Tests.Staff;

public sealed class PasswordHasherTests
{
    [Fact]
    public void A_hash_is_argon2id_in_phc_form_and_verifies_only_its_password()
    {
        var hash = PasswordHasher.Hash("correct horse battery staple");
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
        Assert.False(PasswordHasher.Verify("correct horse battery stapl", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHasher.Hash("same password here"), PasswordHasher.Hash("same password here"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("$argon2i$v=19$m=19456,t=2,p=1$AAAA$AAAA")]
    public void A_malformed_stored_hash_never_verifies(string stored) =>
        Assert.False(PasswordHasher.Verify("anything", stored));
}
