using System.Net;
using System.Text.Json.Nodes;
using Cohortly.Testing;

namespace Cohortly.Api.Tests.Bootcamps;

/// <summary>Its own process, killed right after an enrollment: the catalog's seat count must not stay behind.</summary>
public sealed class CatalogCrashTests() : OwnAppTests("cohortly-catalog-crash", EmbeddedAppFixture.Environment)
{
    [Fact]
    public async Task ASeatTakenJustBeforeACrashShowsInTheCatalogAfterTheRestart()
    {
        var admin = await App.Http.RegisterAsync(displayName: "Ada Admin");
        string bootcampId;
        using (var created = await App.Http.SendAsync(HttpMethod.Post, "/api/bootcamps", admin.AccessToken, ApiClient.BootcampBody(title: "Crash course", capacity: 10)))
        {
            await created.ExpectAsync(HttpStatusCode.Created);
            bootcampId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["bootcampId"]!.ToString();
        }
        var student = await App.Http.RegisterAsync(displayName: "Sam Student");
        using (var enrolled = await App.Http.SendAsync(HttpMethod.Post, $"/api/bootcamps/{bootcampId}/enrollments", student.AccessToken))
        {
            Assert.True(enrolled.IsSuccessStatusCode, $"Enrollment answered {enrolled.StatusCode}");
        }
        // Inside the two seconds the bootcamp waits to pass seat counts on to the catalog.
        await App.KillAsync();
        await App.StartAsync();

        // Anyone opening the bootcamp wakes it; it then passes on the count the crash kept from the catalog.
        using (var opened = await App.Http.SendAsync(HttpMethod.Get, $"/api/bootcamps/{bootcampId}", student.AccessToken))
        {
            await opened.ExpectAsync(HttpStatusCode.OK);
        }
        await Eventually.Until(async () =>
        {
            using var search = await App.Http.GetAsync("/api/bootcamps?q=Crash");
            var items = JsonNode.Parse(await search.Content.ReadAsStringAsync())!["items"]!.AsArray();
            return items.Single(item => item!["bootcampId"]!.ToString() == bootcampId)!["seatsLeft"]!.GetValue<int>();
        }, seatsLeft => seatsLeft == 9, TimeSpan.FromSeconds(15), "the catalog to show 9 seats left");
    }
}
