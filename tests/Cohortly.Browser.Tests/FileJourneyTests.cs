using System.Text;
using Cohortly.Testing;
using Microsoft.Playwright;

namespace Cohortly.Browser.Tests;

/// <summary>Files in a real browser: a student attaches a PDF and a picture with visible progress, the instructor opens them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FileJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task StudentUploadsAPdfWithProgressAndSubmitsTheInstructorOpensItThroughASignedLink() => fixture.RunJourneyAsync(async () =>
    {
        var http = fixture.App.Http;
        var cast = await Cast.RegisterAsync(http, "Fiona Faculty", "Pat Pupil");
        var bootcampId = await Classroom.CreateAsync(http, cast.Instructor, "/api/bootcamps", "bootcampId",
            ApiClient.BootcampBody("Data science", capacity: 10, tags: ["data"], skills: ["python"]));
        var assignmentId = await Classroom.CreateAsync(http, cast.Instructor, $"/api/bootcamps/{bootcampId}/assignments", "assignmentId", new
        {
            title = "Final report",
            description = "A PDF, and a photo of your whiteboard if you like.",
            dueAt = DateTimeOffset.UtcNow.AddDays(5),
            maxScore = 100,
            allowedExtensions = new[] { ".pdf", ".png" },
            maxFileBytes = 20_000_000,
        });
        await Classroom.EnrollAsync(http, bootcampId, cast.Student);

        // A few megabytes, so the upload takes long enough to be an upload.
        var pdf = new byte[3 * 1024 * 1024];
        new Random(3).NextBytes(pdf);
        Encoding.ASCII.GetBytes("%PDF-1.7\n").CopyTo(pdf, 0);
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U1AAAAABJRU5ErkJggg==");

        var student = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(student, cast.StudentEmail, AccountJourneyTests.Password);
        await student.GotoAsync($"/assignments/{assignmentId}");
        await Assertions.Expect(student.GetByTestId("drop-zone")).ToBeVisibleAsync();
        await student.GetByLabel("Attach files").SetInputFilesAsync(
        [
            new FilePayload { Name = "final-report.pdf", MimeType = "application/pdf", Buffer = pdf },
            new FilePayload { Name = "whiteboard.png", MimeType = "image/png", Buffer = png },
        ]);
        var uploads = student.GetByTestId("upload-item");
        await Assertions.Expect(uploads).ToHaveCountAsync(2);
        await Assertions.Expect(uploads.First.GetByTestId("upload-progress")).ToBeVisibleAsync();
        await Assertions.Expect(student.Locator("[data-testid=upload-item][data-state=done]")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        Assert.Equal("1", await uploads.First.GetByTestId("upload-progress").GetAttributeAsync("value"));
        await student.GetByLabel("Your answer").FillAsync("Report and whiteboard attached.");
        await student.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var version = student.GetByTestId("my-versions").GetByTestId("version-item");
        await Assertions.Expect(version).ToHaveCountAsync(1);
        await Assertions.Expect(version.GetByTestId("attached-file")).ToHaveCountAsync(2);
        await Assertions.Expect(student.GetByTestId("upload-item")).ToHaveCountAsync(0);

        // The instructor opens the work in the grading view: the picture has a preview, the PDF opens through a signed link.
        var instructor = await fixture.NewPageAsync();
        await AccountJourneyTests.LogInAsync(instructor, cast.InstructorEmail, AccountJourneyTests.Password);
        await instructor.GotoAsync($"/assignments/{assignmentId}");
        var row = instructor.GetByTestId("grading-row");
        await row.GetByRole(AriaRole.Button, new() { Name = "Pat Pupil" }).ClickAsync();
        var work = instructor.GetByTestId("student-work");
        await Assertions.Expect(work.GetByTestId("attached-file")).ToHaveCountAsync(2);
        var thumbnail = work.GetByTestId("thumbnail");
        await Assertions.Expect(thumbnail).ToBeVisibleAsync();
        await instructor.WaitForFunctionAsync("() => { const img = document.querySelector('[data-testid=thumbnail]'); return img && img.complete && img.naturalWidth > 0; }");

        var download = await instructor.RunAndWaitForDownloadAsync(() =>
            work.GetByRole(AriaRole.Button, new() { Name = "Open final-report.pdf" }).ClickAsync());
        Assert.Equal("final-report.pdf", download.SuggestedFilename);
        Assert.Contains("/files/", download.Url, StringComparison.Ordinal);
        Assert.Contains("sig=", download.Url, StringComparison.Ordinal);
        var saved = await download.PathAsync();
        Assert.Equal(pdf, await File.ReadAllBytesAsync(saved));

        // The student's file list shows both as submitted: kept as evidence, no delete button.
        await student.GotoAsync("/me/files");
        await Assertions.Expect(student.GetByTestId("my-file")).ToHaveCountAsync(2);
        await Assertions.Expect(student.GetByTestId("delete-file")).ToHaveCountAsync(0);
        Assert.Empty(fixture.ConsoleErrors);
    });
}
