using System.Globalization;
using Cohortly.Accounts;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Silo.Persistence;
using Cohortly.Testing;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Cohortly.Grains.Tests.Email;

/// <summary>A one-silo cluster on SQLite whose mail goes over SMTP to a real SMTP server started here.</summary>
public sealed class EmailClusterFixture : IAsyncLifetime
{
    private readonly TempDirectory _data = new("cohortly-email-grains");

    public TestCluster Cluster { get; private set; } = null!;

    public SmtpSink Smtp { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        Smtp = await SmtpSink.StartAsync();
        DatabaseSchema.RegisterProviders();
        await DatabaseSchema.EnsureSqliteAsync(ClusterFixture.SqliteConnectionString(_data.Path));
        var builder = new TestClusterBuilder(1);
        builder.Properties[ClusterFixture.DataDirectoryKey] = _data.Path;
        builder.Properties["Cohortly:Email:Smtp:Host"] = "127.0.0.1";
        builder.Properties["Cohortly:Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["Cohortly:Email:Smtp:Security"] = "None";
        builder.Properties["Cohortly:Email:Smtp:Pipelining"] = "false";
        builder.Properties["Cohortly:Email:PublicUrl"] = "https://cohortly.example";
        builder.AddSiloBuilderConfigurator<ClusterFixture.SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClusterFixture.ClientConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Smtp.DisposeAsync();
        _data.Dispose();
    }
}

public sealed class EmailGrainTests(EmailClusterFixture fixture) : IClassFixture<EmailClusterFixture>
{
    [Fact]
    public async Task OnlyAdminsListTheOutboxRetryAnEmailOrSendTheWeeklyReportsEarly()
    {
        var student = new Caller("someone", "Some Student", [Roles.Student]);

        var listing = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<IOutboxReaderGrain>(0).ListAsync(student, null, 1, 20));
        var retry = await Assert.ThrowsAsync<DomainException>(() => fixture.Grains.GetGrain<IOutboxMessageGrain>("any-message").RetryAsync(student));
        var weekly = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).RunNowAsync(student));

        Assert.All([listing, retry, weekly], refused => Assert.Equal(DomainErrorKind.Forbidden, refused.Kind));
        var admin = new Caller("an-admin", "An Admin", [Roles.Admin]);
        Assert.NotNull(await fixture.Grains.GetGrain<IOutboxReaderGrain>(0).ListAsync(admin, null, 1, 20));
    }

    [Fact]
    public async Task TheCertificateEmailCarriesThePdfAndIsSentOncePerCertificate()
    {
        var email = ApiClient.UniqueEmail("graduate");
        var user = (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email))
            .RegisterAsync(new NewAccount(email, "Grace Graduate", "hash"))).Profile!;
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var certificateId = Guid.NewGuid().ToString("N");
        var mailer = fixture.Grains.GetGrain<IMailerGrain>(0);

        await mailer.SendCertificateAsync(user.UserId, "bootcamp-1", "Rust in Production", certificateId, pdf);
        await mailer.SendCertificateAsync(user.UserId, "bootcamp-1", "Rust in Production", certificateId, pdf);

        var message = await fixture.Smtp.WaitForOneAsync(
            m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject == "Your certificate for Rust in Production", "the certificate email");
        var attachment = Assert.Single(message.Attachments.OfType<MimePart>());
        Assert.Equal($"certificate-{certificateId}.pdf", attachment.FileName);
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        using var bytes = new MemoryStream();
        await attachment.Content!.DecodeToAsync(bytes);
        Assert.Equal(pdf, bytes.ToArray());
        Assert.Contains($"https://cohortly.example/verify/{certificateId}", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Grace Graduate", message.HtmlBody, StringComparison.Ordinal);

        // The welcome email went out after registering; the second certificate call changed nothing.
        await fixture.Smtp.WaitForOneAsync(m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject!.StartsWith("Welcome", StringComparison.Ordinal), "the welcome email");
        Assert.Single(fixture.Smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == email) && m.Subject!.StartsWith("Your certificate", StringComparison.Ordinal));
        var entry = await fixture.Grains.GetGrain<IOutboxMessageGrain>(IOutboxMessageGrain.KeyOf($"certificate/{certificateId}")).GetAsync();
        Assert.Equal(OutboxStatus.Sent, entry!.Status);
        Assert.Equal(1, entry.Attempts);
    }

    /// <summary>
    /// A bootcamp's weekly run is cut short in the middle of its roster by an outbox write that fails, and fails again
    /// on the page's retry (as a crash there would leave it): the students after it got nothing. The bootcamp's resume
    /// reminder picks the run up from the page it stopped on: the rest are mailed, and those mailed before the cut are
    /// not mailed twice (their emails are keyed by student, bootcamp and week).
    /// </summary>
    [Fact]
    public async Task AWeeklyRunCutShortIsResumedByItsReminderWithNoStudentMailedTwiceAndNoneSkipped()
    {
        const int students = 40;
        var instructor = new Caller(SecureTokens.NewId(), "Wes Weekly", [Roles.Instructor]);
        var bootcampId = SecureTokens.NewId();
        var title = "Resumed " + bootcampId[..6];
        await fixture.Grains.GetGrain<IBootcampGrain>(bootcampId).CreateAsync(instructor,
            new BootcampDetails(title, "", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(30), students, 0, "USD", ["s"], []));
        var roster = new List<(string UserId, string Email)>();
        for (var i = 0; i < students; i++)
        {
            var email = ApiClient.UniqueEmail($"weekly{i}");
            var profile = (await fixture.Grains.GetGrain<IEmailIndexGrain>(EmailAddress.Normalize(email)).RegisterAsync(new NewAccount(email, $"Student {i}", "hash"))).Profile!;
            await fixture.Grains.GetGrain<IEnrollmentGrain>(IEnrollmentGrain.KeyOf(bootcampId, profile.UserId))
                .EnrollAsync(new Caller(profile.UserId, profile.DisplayName, [Roles.Student]));
            roster.Add((profile.UserId, email));
        }
        var week = $"{ISOWeek.GetYear(DateTime.UtcNow)}-W{ISOWeek.GetWeekOfYear(DateTime.UtcNow):D2}";
        IOutboxMessageGrain Report(string userId) =>
            fixture.Grains.GetGrain<IOutboxMessageGrain>(IOutboxMessageGrain.KeyOf($"weekly-report/{userId}/{bootcampId}/{week}"));
        // The 21st student's email is not stored, twice: their batch of 16 fails, the page's retry too, and the
        // batches after it never start.
        StorageFaults.Shared.FailWrite("outbox-message", Report(roster[20].UserId).GetGrainId(), nth: 1, times: 2);
        var bootcampRun = fixture.Grains.GetGrain<IWeeklyReportBootcampGrain>(bootcampId);

        await fixture.Grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).AsReference<IRemindable>().ReceiveReminder("weekly-reports", default);

        var stopped = await Eventually.Until(bootcampRun.GetRunAsync, run => run is { Finished: true } or { Stopped: true },
            TimeSpan.FromSeconds(60), "the bootcamp's run to end or stop");
        Assert.Equal(new WeeklyBootcampRun(week, 0, false, true), stopped);
        var queued = await Task.WhenAll(roster.Select(student => Report(student.UserId).GetAsync()));
        Assert.NotNull(queued[0]);
        Assert.Null(queued[20]);
        Assert.Null(queued[^1]);

        await bootcampRun.AsReference<IRemindable>().ReceiveReminder("weekly-report-resume", default);

        Assert.Equal(new WeeklyBootcampRun(week, int.MaxValue, true, false), await bootcampRun.GetRunAsync());
        var sent = await Eventually.Until(() => Task.WhenAll(roster.Select(student => Report(student.UserId).GetAsync())),
            entries => entries.All(entry => entry?.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60), "every student's weekly report to be sent");
        Assert.All(roster, student => Assert.Single(fixture.Smtp.Received,
            m => m.To.Mailboxes.Any(a => a.Address == student.Email) && m.Subject == $"Your week in {title}"));
        Assert.All(sent, entry => Assert.Equal(1, entry!.Attempts));
    }

    [Fact]
    public async Task AnEmailStoredButNeverListedBeforeACrashIsListedAndSentWhenItIsEnqueuedAgain()
    {
        var to = ApiClient.UniqueEmail("orphan");
        var messageId = IOutboxMessageGrain.KeyOf("orphan/" + Guid.NewGuid().ToString("N"));
        var email = new OutgoingEmail(messageId, to, "test", "Stored before the crash", "<p>Hi</p>", "Hi", [], null);
        // What a crash between the message's write and its shard's leaves: the email stored, queued, listed nowhere.
        var services = (fixture.Cluster.Primary as InProcessSiloHandle)!.SiloHost!.Services;
        await services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly).WriteStateAsync("outbox-message", GrainId.Create("outboxmessage", messageId),
            new GrainState<OutboxMessageState>(new OutboxMessageState { Email = email, Status = OutboxStatus.Queued, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow }));

        // The redelivered event that caused it enqueues it again.
        await fixture.Grains.GetGrain<IOutboxMessageGrain>(messageId).EnqueueAsync(email);

        await fixture.Smtp.WaitForOneAsync(m => m.To.Mailboxes.Any(a => a.Address == to), "the orphaned email");
        var shard = await fixture.Grains.GetGrain<IOutboxShardGrain>(IOutboxShardGrain.ShardOf(messageId)).ListAsync(null, 10_000);
        Assert.Contains(shard.Items, entry => entry.MessageId == messageId);
    }

    [Fact]
    public async Task ASentEmailIsListedAsSentAtOnceAndLeavesTheStoredQueueOnlyAfterTheSentListingIsStored()
    {
        var to = ApiClient.UniqueEmail("listed");
        var messageId = IOutboxMessageGrain.KeyOf("listed/" + Guid.NewGuid().ToString("N"));
        var shard = fixture.Grains.GetGrain<IOutboxShardGrain>(IOutboxShardGrain.ShardOf(messageId));
        var storage = (fixture.Cluster.Primary as InProcessSiloHandle)!.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);

        await fixture.Grains.GetGrain<IOutboxMessageGrain>(messageId).EnqueueAsync(
            new OutgoingEmail(messageId, to, "test", "Listed once", "<p>Hi</p>", "Hi", [], null));
        await fixture.Smtp.WaitForOneAsync(m => m.To.Mailboxes.Any(a => a.Address == to), "the email");

        var listed = await Eventually.Until(() => shard.ListAsync(null, 10_000), page => page.Items.Any(e => e.MessageId == messageId && e.Status == OutboxStatus.Sent),
            TimeSpan.FromSeconds(10), "the shard to list the email as sent");
        Assert.Single(listed.Items, e => e.MessageId == messageId);
        var (queued, sent) = await Eventually.Until(async () =>
            {
                var queuedState = new GrainState<OutboxShardState>(new OutboxShardState());
                var sentState = new GrainState<OutboxSentState>(new OutboxSentState());
                // The queue is read first: once it has let go, the sent listing was stored before it.
                await storage.ReadStateAsync("outbox-shard", shard.GetGrainId(), queuedState);
                await storage.ReadStateAsync("outbox-sent", shard.GetGrainId(), sentState);
                return (Queued: queuedState.State!.Entries, Sent: sentState.State!.Entries);
            }, stored => !stored.Queued.ContainsKey(messageId), TimeSpan.FromSeconds(10), "the stored queue to let go of the sent email");
        Assert.Equal(OutboxStatus.Sent, sent[messageId].Status);
        Assert.DoesNotContain(messageId, queued.Keys);
    }
}
