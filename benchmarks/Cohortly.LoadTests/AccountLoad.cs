using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cohortly.Testing;

namespace Cohortly.LoadTests;

public sealed record BenchUser(string Email, byte[] LoginBody, string AccessToken);

/// <summary>
/// The account pool and the request shapes. Bodies are serialized once, up front, so the driver spends its share
/// of the two cores on HTTP rather than on JSON. Users are taken round-robin, so with more users than workers
/// two logins rarely queue on the same (non-reentrant) user grain.
/// </summary>
public sealed class AccountLoad(IReadOnlyList<BenchUser> users)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private IReadOnlyList<BenchUser> _users = users;
    private int _next = -1;

    public int UserCount => _users.Count;

    /// <summary>Registers the pool; registration hashes with PBKDF2 too, so a few at a time is as fast as it gets.</summary>
    public static async Task<AccountLoad> RegisterAsync(HttpClient http, int count, string runId)
    {
        var users = new BenchUser[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var email = $"bench-{runId}-{i:D4}@example.com";
            var tokens = await http.RegisterAsync(email, ApiClient.StrongPassword, $"Bench User {i}");
            users[i] = new BenchUser(email, LoginBody(email), tokens.AccessToken);
        });
        return new AccountLoad(users);
    }

    /// <summary>
    /// Fresh access tokens for everyone. A user keeps at most 20 sessions, so after the login phase the sessions
    /// the registration opened may have been dropped, and their tokens answer 401.
    /// </summary>
    public async Task RefreshTokensAsync(HttpClient http)
    {
        var users = _users.ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var tokens = await http.LoginAsync(users[i].Email);
            users[i] = users[i] with { AccessToken = tokens.AccessToken };
        });
        _users = users;
    }

    public HttpTarget Login() =>
        new("login", "POST /api/auth/login", _ =>
        {
            var content = new ByteArrayContent(NextUser().LoginBody);
            content.Headers.ContentType = Json;
            return new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        });

    public HttpTarget Me() =>
        new("me", "GET /api/me", _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NextUser().AccessToken);
            return request;
        });

    private BenchUser NextUser() => _users[(int)((uint)Interlocked.Increment(ref _next) % (uint)_users.Count)];

    // Only the correct password is ever sent: five failures lock an address out, which would turn the run into 429s.
    private static byte[] LoginBody(string email) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { email, password = ApiClient.StrongPassword }, ApiClient.Json));
}
