using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Api.Tests.Bootcamps;
using Cohortly.Testing;
using Ical.Net;

namespace Cohortly.Api.Tests.LiveClasses;

[Collection(EmbeddedAppCollection.Name)]
public sealed class CalendarFeedTests(EmbeddedAppFixture fixture)
{
    private readonly BootcampClient _api = new(fixture);

    [Fact]
    public async Task TheFeedParsesInTwoReadersKeepsNineInBerlinAcrossDstAndFollowsAnEditAndACancellation()
    {
        var instructor = await _api.InstructorAsync("Calendar Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        var student = await _api.StudentAsync("Calendar Student");
        await _api.EnrollAsync(student, bootcampId);
        // Mondays at 09:00 in Berlin on both sides of the spring-forward Sunday 2027-03-28.
        using var scheduled = await _api.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/sessions", instructor.AccessToken,
            new { title = "Systems design", startsAt = new DateTimeOffset(2027, 3, 15, 8, 0, 0, TimeSpan.Zero), durationMinutes = 60, timeZone = "Europe/Berlin", weeklyCount = 4 });
        await scheduled.ExpectAsync(HttpStatusCode.Created);
        var ids = JsonNode.Parse(await scheduled.Content.ReadAsStringAsync())!["sessionIds"]!.AsArray().Select(s => s!.ToString()).ToList();

        var feedPath = await FeedPathAsync(student);
        var before = await FeedAsync(feedPath);
        var parsed = Calendar.Load(before)!;
        Assert.Contains(parsed.TimeZones, zone => zone.TzId == "Europe/Berlin");
        Assert.Equal(ids.Select(id => $"{id}@cohortly"), parsed.Events.OrderBy(e => e.DtStart!.AsUtc).Select(e => e.Uid));
        Assert.All(parsed.Events, e => Assert.Equal(("Europe/Berlin", 9, 0), (e.DtStart!.TzId, e.DtStart.Value.Hour, e.Sequence)));
        var second = await IcalJsAsync(before);
        Assert.All(second, e => Assert.EndsWith("T09:00", e!["localStart"]!.ToString(), StringComparison.Ordinal));
        Assert.Equal(["2027-03-15T08:00:00.000Z", "2027-03-22T08:00:00.000Z", "2027-03-29T07:00:00.000Z", "2027-04-05T07:00:00.000Z"],
            second.Select(e => e!["utcStart"]!.ToString()).Order());

        Assert.Equal(HttpStatusCode.OK, await _api.StatusAsync(instructor, HttpMethod.Patch, $"/api/sessions/{ids[1]}", new { title = "Systems design (room 2)" }));
        Assert.Equal(HttpStatusCode.NoContent, await _api.StatusAsync(instructor, HttpMethod.Delete, $"/api/sessions/{ids[2]}"));
        var after = Calendar.Load(await FeedAsync(feedPath))!;
        var edited = after.Events.Single(e => e.Uid == $"{ids[1]}@cohortly");
        Assert.Equal(("Systems design (room 2)", 1), (edited.Summary, edited.Sequence));
        var cancelled = after.Events.Single(e => e.Uid == $"{ids[2]}@cohortly");
        Assert.Equal(("CANCELLED", 1), (cancelled.Status, cancelled.Sequence));
        var cancelledInJs = (await IcalJsAsync(await FeedAsync(feedPath))).Single(e => e!["uid"]!.ToString() == $"{ids[2]}@cohortly")!;
        Assert.Equal(("CANCELLED", 1), (cancelledInJs["status"]!.ToString(), cancelledInJs["sequence"]!.GetValue<int>()));
    }

    [Fact]
    public async Task RotatingTheLinkStopsTheOldOneAndAStrangersFeedHoldsNoneOfTheClasses()
    {
        var instructor = await _api.InstructorAsync("Rotating Instructor");
        var bootcampId = await _api.CreateBootcampAsync(instructor);
        Assert.Equal(HttpStatusCode.Created, await _api.StatusAsync(instructor, HttpMethod.Post, $"/api/bootcamps/{bootcampId}/sessions",
            new { title = "Private class", startsAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 60, timeZone = "UTC" }));
        var stranger = await _api.StudentAsync("Stranger");

        var old = await FeedPathAsync(instructor);
        Assert.Equal(old, await FeedPathAsync(instructor));
        Assert.Contains("Private class", await FeedAsync(old), StringComparison.Ordinal);
        using var rotated = await _api.Http.SendAsync(HttpMethod.Post, "/api/me/calendar/rotate", instructor.AccessToken);
        await rotated.ExpectAsync(HttpStatusCode.OK);
        var fresh = new Uri(JsonNode.Parse(await rotated.Content.ReadAsStringAsync())!["feedUrl"]!.ToString()).AbsolutePath;

        Assert.NotEqual(old, fresh);
        using var gone = await _api.Http.GetAsync(old);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("Private class", await FeedAsync(fresh), StringComparison.Ordinal);
        Assert.DoesNotContain("Private class", await FeedAsync(await FeedPathAsync(stranger)), StringComparison.Ordinal);
        using var unknown = await _api.Http.GetAsync("/calendar/not-a-token.ics");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<string> FeedPathAsync(Tokens user) =>
        new Uri((await _api.GetJsonAsync(user, "/api/me/calendar"))["feedUrl"]!.ToString()).AbsolutePath;

    /// <summary>Fetched without signing in, as a calendar app does.</summary>
    private async Task<string> FeedAsync(string path)
    {
        using var response = await _api.Http.GetAsync(path);
        await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The second reader: Mozilla's ical.js under node (tests/icalcheck/read.mjs).</summary>
    private static async Task<JsonArray> IcalJsAsync(string ics)
    {
        await NpmPackage.EnsureInstalledAsync("icalcheck", Path.Combine("node_modules", "ical.js", "package.json"));
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, ics);
            var script = Path.Combine(NpmPackage.FolderOf("icalcheck"), "read.mjs");
            var run = await NpmPackage.RunAsync("sh", ["-c", $"node '{script}' < '{input}'"], NpmPackage.FolderOf("icalcheck"));
            Assert.True(run.ExitCode == 0, run.Error);
            return JsonNode.Parse(run.Output)!.AsArray();
        }
        finally
        {
            File.Delete(input);
        }
    }
}
