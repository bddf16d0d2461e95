using System.Globalization;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>An instructor schedules a class and opens its live room showing the check-in code; a student comes in and checks in with it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveClassJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task AStudentChecksInWithTheInstructorsCodeAndThePresenceAndAttendanceUpdate() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Lena Lecturer", "Tom Taylor");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Live systems"));
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);

        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/bootcamps/{bootcampId}");
        await instructor.GetByRole(AriaRole.Tab, new() { Name = "Live classes" }).ClickAsync();
        await instructor.GetByText("Schedule a live class").ClickAsync();
        var form = instructor.GetByTestId("schedule-form");
        await form.GetByLabel("Title").FillAsync("Debugging together");
        // The browser and this test share the machine's clock and zone: a class that started a minute ago.
        await form.GetByLabel("First class starts").FillAsync(DateTime.Now.AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await instructor.GetByTestId("session-list").GetByRole(AriaRole.Link, new() { Name = "Debugging together" }).ClickAsync();

        await Assertions.Expect(instructor.GetByTestId("session-title")).ToHaveTextAsync("Debugging together");
        var code = instructor.GetByTestId("checkin-code");
        await Assertions.Expect(code).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^[A-Z2-9]{8}$"), new() { Timeout = 15_000 });
        await Assertions.Expect(instructor.Locator(".checkin-qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(instructor.GetByTestId("attendance-table")).ToContainTextAsync("Tom Taylor");
        await Assertions.Expect(instructor.GetByTestId("attendance-row").Filter(new() { HasText = "Tom Taylor" }).GetByTestId("attendance-status")).ToHaveTextAsync("Absent");

        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, cast.StudentEmail, AccountJourneyTests.Password);
        await student.GotoAsync(new Uri(instructor.Url).PathAndQuery);
        await Assertions.Expect(student.GetByTestId("session-title")).ToHaveTextAsync("Debugging together");
        // The instructor sees the student come into the room, without reloading.
        await Assertions.Expect(instructor.GetByTestId("room-presence")).ToContainTextAsync("Tom Taylor", new() { Timeout = 15_000 });

        var shown = await code.TextContentAsync();
        await student.GetByLabel("Code on the screen").FillAsync(shown!.ToLowerInvariant());
        await student.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Assertions.Expect(student.GetByTestId("checked-in")).ToBeVisibleAsync();
        await Assertions.Expect(instructor.GetByTestId("attendance-row").Filter(new() { HasText = "Tom Taylor" }).GetByTestId("attendance-status"))
            .ToHaveTextAsync("Present", new() { Timeout = 15_000 });

        // A wrong code is explained at the field.
        var again = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(again, cast.StudentEmail, AccountJourneyTests.Password);
        await again.GotoAsync(new Uri(instructor.Url).PathAndQuery);
        await again.GetByLabel("Code on the screen").FillAsync("AAAAAAAA");
        await again.GetByRole(AriaRole.Button, new() { Name = "Check in" }).ClickAsync();
        await Assertions.Expect(again.GetByTestId("checkin-form")).ToContainTextAsync("not the one showing");

        // On a phone's screen (390 px) the room, the code, the attendance and the bootcamp's list stay inside the screen.
        var phone = await fixture.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await AccountJourneyTests.LogInAsync(phone, cast.InstructorEmail, AccountJourneyTests.Password);
        await phone.GotoAsync(new Uri(instructor.Url).PathAndQuery);
        await Assertions.Expect(phone.GetByTestId("checkin-code")).ToBeVisibleAsync();
        await Assertions.Expect(phone.GetByTestId("attendance-table")).ToContainTextAsync("Tom Taylor");
        Assert.Empty(await PageChecks.OverflowAsync(phone));
        await phone.GotoAsync($"/bootcamps/{bootcampId}?tab=live");
        await Assertions.Expect(phone.GetByTestId("session-list")).ToContainTextAsync("Debugging together");
        await phone.GetByText("Add to your calendar").ClickAsync();
        await Assertions.Expect(phone.GetByLabel("Your calendar link")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/calendar/.+\\.ics$"));
        Assert.Empty(await PageChecks.OverflowAsync(phone));
        Assert.Empty(fixture.ConsoleErrors);
    });
}
