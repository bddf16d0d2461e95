using System.Net;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Files;

/// <summary>Its own process with a 1 MB quota per user, so a few small files fill it.</summary>
public sealed class UploadQuotaTests() : OwnAppTests("cohortly-quota", Settings)
{
    private static readonly Dictionary<string, string> Settings = new(EmbeddedAppFixture.Environment)
    {
        ["Cohortly__Edge__UploadQuotaMegabytes"] = "1",
    };

    [Fact]
    public async Task AFileThatDoesNotFitTheUsersQuotaIsRefusedInPlainWordsUntilTheyDeleteOneAndOthersAreUnaffected()
    {
        var admin = await App.Http.RegisterAsync(displayName: "Ada Admin");
        var bootcampId = await CreateBootcampAsync(admin);
        var first = await UploadAsync(admin, bootcampId, "week-1.pdf");
        await first.ExpectAsync(HttpStatusCode.Created);
        var firstId = System.Text.Json.Nodes.JsonNode.Parse(await first.Content.ReadAsStringAsync())!["fileId"]!.ToString();

        var refused = await (await UploadAsync(admin, bootcampId, "week-2.pdf")).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("https://cohortly.dev/problems/upload-quota-full", refused.ProblemType());
        var detail = refused["detail"]!.GetValue<string>();
        Assert.Contains("of your 1 MB", detail, StringComparison.Ordinal);
        Assert.Contains("My files", detail, StringComparison.Ordinal);

        // Someone else's quota is their own.
        var student = await App.Http.RegisterAsync(displayName: "Sam Student");
        await (await App.Http.UploadAsync(student.AccessToken, "me.png", TestFiles.Png(8, 8), "avatar")).ExpectAsync(HttpStatusCode.Created);

        // The refused file left nothing counted: deleting the first makes room for it.
        await (await App.Http.SendAsync(HttpMethod.Delete, $"/api/files/{firstId}", admin.AccessToken)).ExpectAsync(HttpStatusCode.NoContent);
        await (await UploadAsync(admin, bootcampId, "week-2.pdf")).ExpectAsync(HttpStatusCode.Created);
    }

    /// <summary>600 KB: one fits the 1 MB quota, two do not.</summary>
    private Task<HttpResponseMessage> UploadAsync(Tokens owner, string bootcampId, string name) =>
        App.Http.UploadAsync(owner.AccessToken, name,
            System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n% {new string('x', 600 * 1024)}\n%%EOF\n"), "resource", bootcampId: bootcampId);

    private async Task<string> CreateBootcampAsync(Tokens creator)
    {
        using var created = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", creator.AccessToken, ApiClient.BootcampBody());
        await created.ExpectAsync(HttpStatusCode.Created);
        return System.Text.Json.Nodes.JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
    }
}
