using Cohortly.Common;
using Cohortly.Integrations.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cohortly.Email;

/// <summary>
/// Absolute links in emails, and the one-click unsubscribe tokens: an HMAC over user id and category with a
/// key only the cluster knows, so a token made for one user cannot unsubscribe another.
/// </summary>
public sealed class EmailLinks(IOptions<EmailOptions> options, IConfiguration configuration, IGrainFactory grains)
{
    /// <summary>Fetched once per silo; the key never changes once made.</summary>
    private byte[]? _key;

    /// <summary>
    /// Cohortly:Email:PublicUrl, else the front end's Cohortly:Auth:PublicUrl, else the address this process listens
    /// on (embedded mode co-hosts the front end), else the default local address.
    /// </summary>
    public string Base { get; } = BaseFrom(options.Value, configuration);

    public string Page(string path) => Base + path;

    public async Task<string> UnsubscribeUrlAsync(string userId, EmailCategory category) =>
        $"{Base}/api/email/unsubscribe?user={Uri.EscapeDataString(userId)}&category={category.ToString().ToLowerInvariant()}&token={await TokenAsync(userId, category)}";

    public async Task<bool> VerifyAsync(string userId, EmailCategory category, string token) =>
        SecureTokens.SignatureMatches(await KeyAsync(), UnsubscribeMessage(userId, category), token);

    private async Task<string> TokenAsync(string userId, EmailCategory category) =>
        SecureTokens.Sign(await KeyAsync(), UnsubscribeMessage(userId, category));

    private async Task<byte[]> KeyAsync() => _key ??= await grains.GetGrain<IEmailSigningKeyGrain>(0).GetAsync();

    private static string UnsubscribeMessage(string userId, EmailCategory category) => $"unsubscribe\n{userId}\n{category}";

    private static string BaseFrom(EmailOptions options, IConfiguration configuration)
    {
        var configured = new[] { options.PublicUrl, configuration["Cohortly:Auth:PublicUrl"] }.FirstOrDefault(url => !string.IsNullOrWhiteSpace(url));
        if (configured is not null)
        {
            return configured.TrimEnd('/');
        }
        var listening = configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "http://localhost:5080";
        return listening.Replace("://0.0.0.0", "://localhost").Replace("://[::]", "://localhost").Replace("://+", "://localhost")
            .Replace("://*", "://localhost").TrimEnd('/');
    }
}
