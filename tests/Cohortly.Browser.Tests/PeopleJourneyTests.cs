using System.Net;
using System.Runtime.CompilerServices;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Staffing a bootcamp by searching people, and finding one's way around with the keyboard on a phone and a laptop.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PeopleJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly ViewportSize Laptop = new() { Width = 1366, Height = 900 };

    /// <summary>The class's app is shared by its journeys, and only its first account is an admin: one cast for both.</summary>
    private static readonly ConditionalWeakTable<BrowserFixture, Task<Cast>> Casts = new();

    private Task<Cast> CastAsync() => Casts.GetValue(fixture, f => Cast.RegisterAsync(f.App.Http, "Ines Instructor", "Stu Student"));

    [Fact]
    public Task TheAdminAddsAMentorBySearchingTheirNameAndRemovesThemAgain() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
        var surname = "Okonkwo" + Guid.NewGuid().ToString("N")[..4];
        await http.RegisterAsync(ApiClient.UniqueEmail("priya"), AccountJourneyTests.Password, $"Priya {surname}");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Data engineering"));

        var admin = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(admin, cast.AdminEmail, AccountJourneyTests.Password);
        await admin.GotoAsync($"/bootcamps/{bootcampId}");
        await admin.GetByTestId("tab-settings").ClickAsync();
        await admin.GetByTestId("add-staff-toggle").ClickAsync();

        // Part of the surname, in the wrong case: the list offers Priya; the keyboard picks her.
        var search = admin.GetByRole(AriaRole.Combobox, new() { Name = "Person" });
        await search.FillAsync(surname.ToLowerInvariant());
        var option = admin.GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex($"Priya {surname}") });
        await Assertions.Expect(option).ToBeVisibleAsync();
        await Assertions.Expect(search).ToHaveAttributeAsync("aria-expanded", "true");
        await search.PressAsync("ArrowDown");
        await search.PressAsync("Enter");
        await Assertions.Expect(admin.GetByTestId("user-picker-chosen")).ToContainTextAsync($"Priya {surname}");
        await admin.GetByLabel("Staff role").SelectOptionAsync("mentor");
        await admin.GetByTestId("add-staff-form").GetByRole(AriaRole.Button, new() { Name = "Add staff" }).ClickAsync();

        var priya = admin.GetByTestId("staff-member").Filter(new() { HasText = $"Priya {surname}" });
        await Assertions.Expect(priya).ToContainTextAsync("Mentor");

        // Removing asks first, then takes her off the list.
        await priya.GetByTestId("remove-staff-button").ClickAsync();
        await Assertions.Expect(priya.GetByRole(AriaRole.Group)).ToContainTextAsync("lose access");
        await priya.GetByTestId("confirm-remove-staff").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("staff-member").Filter(new() { HasText = surname })).ToHaveCountAsync(0);
        await Assertions.Expect(admin.GetByTestId("staff-member")).ToHaveCountAsync(1);
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task TheMenusOpenAndCloseWithTheKeyboardAndAnUnknownAddressSaysSo() => fixture.RunJourneyAsync(async () =>
    {
        var cast = await CastAsync();

        var phone = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(phone, cast.AdminEmail, AccountJourneyTests.Password);
        var menu = phone.GetByTestId("menu-button");
        await Assertions.Expect(phone.GetByTestId("nav-main")).ToBeHiddenAsync();
        await menu.FocusAsync();
        await phone.Keyboard.PressAsync("Enter");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(phone.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Bootcamps", Exact = true })).ToBeVisibleAsync();
        // On a phone the admin links are listed in the open menu itself.
        await Assertions.Expect(phone.GetByTestId("nav-admin").GetByRole(AriaRole.Link, new() { Name = "Users" })).ToBeVisibleAsync();
        await phone.Keyboard.PressAsync("Tab");
        await phone.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(menu).ToBeFocusedAsync();
        await Assertions.Expect(phone.GetByTestId("nav-main")).ToBeHiddenAsync();
        // Following a link closes the menu.
        await menu.ClickAsync();
        await phone.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "Bootcamps", Exact = true }).ClickAsync();
        await phone.WaitForURLAsync("**/bootcamps");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");

        var laptop = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(laptop, cast.AdminEmail, AccountJourneyTests.Password);
        var adminMenu = laptop.GetByTestId("admin-menu-button");
        var users = laptop.GetByTestId("nav-admin").GetByRole(AriaRole.Link, new() { Name = "Users" });
        await Assertions.Expect(users).ToBeHiddenAsync();
        await adminMenu.FocusAsync();
        await laptop.Keyboard.PressAsync("Enter");
        await Assertions.Expect(adminMenu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(users).ToBeVisibleAsync();
        await laptop.Keyboard.PressAsync("Escape");
        await Assertions.Expect(users).ToBeHiddenAsync();
        await Assertions.Expect(adminMenu).ToBeFocusedAsync();
        await laptop.Keyboard.PressAsync("Enter");
        await users.ClickAsync();
        await laptop.WaitForURLAsync("**/admin/users");
        await Assertions.Expect(adminMenu).ToHaveAttributeAsync("aria-expanded", "false");

        var missing = await laptop.GotoAsync("/bootcamps/some-id/no-such-page");
        Assert.Equal((int)HttpStatusCode.NotFound, missing!.Status);
        await Assertions.Expect(laptop.GetByTestId("not-found")).ToBeVisibleAsync();
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task ChatLinksUrlsHighlightsTheReadersMentionsAndAnOfflineSendFailsFastKeepingTheText() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
        var studentEmail = ApiClient.UniqueEmail("chatter");
        var student = await http.RegisterAsync(studentEmail, AccountJourneyTests.Password, "Chidi Chatter");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Chat room"));
        await Classroom.EnrollAsync(http, bootcampId, student);

        var instructor = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/bootcamps/{bootcampId}?tab=chat");
        await instructor.GetByTestId("chat-input").FillAsync("@Chidi Chatter the notes are at https://example.com/notes?week=2. Also javascript:alert(1)");
        await instructor.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(instructor.GetByTestId("chat-message")).ToHaveCountAsync(1);
        // Their own message does not highlight anyone to themselves.
        await Assertions.Expect(instructor.GetByTestId("chat-mention-of-me")).ToHaveCountAsync(0);

        var phone = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(phone, studentEmail, AccountJourneyTests.Password);
        await phone.GotoAsync($"/bootcamps/{bootcampId}?tab=chat");
        var message = phone.GetByTestId("chat-message");
        await Assertions.Expect(message.GetByTestId("chat-mention-of-me")).ToHaveTextAsync("@Chidi Chatter");
        var link = message.GetByRole(AriaRole.Link);
        await Assertions.Expect(link).ToHaveCountAsync(1);
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "https://example.com/notes?week=2");
        await Assertions.Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");

        // Offline: the send fails at once, says so, and the text stays to send again.
        await phone.Context.SetOfflineAsync(true);
        await phone.GetByTestId("chat-input").FillAsync("Thanks, reading them now");
        var started = DateTime.UtcNow;
        await phone.GetByTestId("chat-send").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("chat-error")).ToContainTextAsync("offline", new() { Timeout = 3_000 });
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(3), "the offline send took too long to fail");
        await Assertions.Expect(phone.GetByTestId("chat-input")).ToHaveValueAsync("Thanks, reading them now");
        await phone.Context.SetOfflineAsync(false);
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task EnrollingShowsOneToastForTheEventAndLeavingThePageClearsIt() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
        var studentEmail = ApiClient.UniqueEmail("toasted");
        await http.RegisterAsync(studentEmail, AccountJourneyTests.Password, "Tosh Toasted");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("One toast"));

        var phone = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(phone, studentEmail, AccountJourneyTests.Password);
        await phone.GotoAsync($"/bootcamps/{bootcampId}");
        await phone.GetByTestId("enroll-button").ClickAsync();
        await Assertions.Expect(phone.GetByTestId("enrolled-badge")).ToBeVisibleAsync();
        // The live notification of the same enrollment arrives and joins the success toast instead of adding a second one.
        var toasts = phone.GetByTestId("toasts").Locator(".toast");
        await Assertions.Expect(toasts.And(phone.Locator("[data-merged=true]"))).ToHaveCountAsync(1);
        await Assertions.Expect(phone.GetByTestId("notifications-badge")).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(toasts).ToHaveCountAsync(1);
        await Assertions.Expect(toasts).ToContainTextAsync("enrolled");

        await phone.GetByTestId("menu-button").ClickAsync();
        await phone.GetByTestId("nav-main").GetByRole(AriaRole.Link, new() { Name = "My bootcamps" }).ClickAsync();
        await phone.WaitForURLAsync("**/me/bootcamps");
        await Assertions.Expect(toasts).ToHaveCountAsync(0);
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task ARegistrationIsCheckedInPlainWordsBeforeAnythingIsSent() => fixture.RunJourneyAsync(async () =>
    {
        var page = await fixture.NewPageAsync(Phone);
        var registrations = 0;
        page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/api/auth/register", StringComparison.Ordinal))
            {
                registrations++;
            }
        };
        await page.GotoAsync("/register");
        await Assertions.Expect(page.GetByText("8–128 characters")).ToBeVisibleAsync();
        await page.GetByLabel("Display name").FillAsync(new string('n', 101));
        await page.GetByLabel("Email").FillAsync("not-an-email");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("error-displayName")).ToContainTextAsync("Display name can be at most 100 characters");
        await Assertions.Expect(page.GetByTestId("error-email")).ToContainTextAsync("name@example.com");
        await Assertions.Expect(page.GetByTestId("error-password")).ToContainTextAsync("8 to 128 characters");
        Assert.Equal(0, registrations);
        Assert.Empty(fixture.ConsoleErrors);
    });

    [Fact]
    public Task AMentorsAvailabilityShowsTheTruthWhenThePageOpensAndAfterAReload() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await CastAsync();
        var studentEmail = ApiClient.UniqueEmail("mentee");
        var student = await http.RegisterAsync(studentEmail, AccountJourneyTests.Password, "Milo Mentee");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId", ApiClient.BootcampBody("Mentored"));
        var (mentorEmail, mentor) = await Classroom.MentorAsync(http, cast.Admin, bootcampId, "Mona Mentor");
        await Classroom.EnrollAsync(http, bootcampId, student);
        // Switched on before anyone's page was open: no live message can tell them.
        using (var available = await http.SendAsync(HttpMethod.Put, "/api/mentors/me/availability", mentor.AccessToken, new { available = true }))
        {
            await available.ExpectAsync(HttpStatusCode.NoContent);
        }

        var page = await fixture.NewPageAsync(Phone);
        await AccountJourneyTests.LogInAsync(page, studentEmail, AccountJourneyTests.Password);
        await page.GotoAsync($"/bootcamps/{bootcampId}");
        await Assertions.Expect(page.GetByTestId($"presence-{mentor.UserId}")).ToHaveTextAsync("available");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId($"presence-{mentor.UserId}")).ToHaveTextAsync("available");

        // The mentor's own switch reads the same truth on a fresh device.
        var mentorPage = await fixture.NewPageAsync(Laptop);
        await AccountJourneyTests.LogInAsync(mentorPage, mentorEmail, AccountJourneyTests.Password);
        await mentorPage.GotoAsync("/notifications");
        await Assertions.Expect(mentorPage.GetByTestId("availability-toggle")).ToBeCheckedAsync();
        Assert.Empty(fixture.ConsoleErrors);
    });
}
