using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;
using Microsoft.Data.Sqlite;

namespace Cohortly.Api.Tests.Platform;

/// <summary>
/// The same request sent twice at once with one Idempotency-Key: the second is told the first is still running (409),
/// not given a second bootcamp. The first is held in flight by a gate: this test takes the app's SQLite write lock, so
/// whichever request claims the key first stops at its first grain write, and the other must get its answer from the
/// key alone. Which of the two claims first does not matter (they are the same request); no timing decides the outcome.
/// </summary>
public sealed class IdempotencyInFlightTests() : OwnAppTests("cohortly-idem-inflight")
{
    /// <summary>Well under the app's SQLite busy timeout (30 s), past which the held write would fail instead of wait.</summary>
    private static readonly TimeSpan GateHeldAtMost = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task TheSameKeyWhileItsFirstRequestIsStillRunningIs409AndTheFirstStillCreatesOneBootcamp()
    {
        var admin = await App.Http.RegisterAsync(ApiClient.UniqueEmail("admin"), displayName: "Gate Admin");
        var instructor = await App.Http.RegisterAsync(ApiClient.UniqueEmail("teacher"), displayName: "Gate Teacher");
        using (var roles = await App.Http.SendAsync(HttpMethod.Put, $"/api/users/{instructor.UserId}/roles", admin.AccessToken, new { roles = new[] { "instructor" } }))
        {
            await roles.ExpectAsync(HttpStatusCode.OK);
        }
        var marker = "gated" + Guid.NewGuid().ToString("N")[..6];
        var body = ApiClient.BootcampBody(title: $"Held {marker}");
        var key = Guid.NewGuid().ToString();

        Task<HttpResponseMessage> answeredFirst, held;
        await using (await HoldWritesAsync())
        {
            var one = PostAsync(instructor, body, key);
            var two = PostAsync(instructor, body, key);
            answeredFirst = await Task.WhenAny(one, two).WaitAsync(GateHeldAtMost);
            held = answeredFirst == one ? two : one;
            using var refused = await answeredFirst;
            var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
            Assert.EndsWith("idempotency-key-in-use", problem.ProblemType());
            Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
            Assert.False(held.IsCompleted, "the request holding the key waits at its write while the gate is shut");
        }

        using var created = await held;
        await created.ExpectAsync(HttpStatusCode.Created);
        using var retry = await PostAsync(instructor, body, key);
        await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await created.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        var catalog = await Eventually.Until(() => CatalogAsync(instructor, marker), page => page["total"]!.GetValue<int>() > 0,
            TimeSpan.FromSeconds(10), "the catalog to list the bootcamp");
        Assert.Equal(1, catalog["total"]!.GetValue<int>());
    }

    /// <summary>Takes SQLite's write lock on the app's database (readers go on, under WAL); released when disposed.</summary>
    private async Task<SqliteConnection> HoldWritesAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(App.DataDirectory, "cohortly.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync();
        await using var begin = connection.CreateCommand();
        // Every write waits behind this; ended (rolled back) when the connection closes.
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private Task<HttpResponseMessage> PostAsync(Tokens caller, object body, string key)
    {
        var request = ApiClient.Authorized(HttpMethod.Post, "/api/bootcamps", caller.AccessToken, body);
        request.Headers.Add("Idempotency-Key", key);
        return App.Http.SendAsync(request);
    }

    private async Task<JsonNode> CatalogAsync(Tokens caller, string marker)
    {
        using var response = await App.Http.SendAsync(HttpMethod.Get, $"/api/bootcamps?q={marker}", caller.AccessToken);
        await response.ExpectAsync(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
