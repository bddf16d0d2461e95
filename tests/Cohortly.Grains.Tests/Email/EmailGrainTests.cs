using System.Collections.Immutable;
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
    /// A bootcamp's weekly run is cut short by its first roster page's batch failing to be stored, twice (the page's retry
    /// meets the same failure, as a crash there would leave it): nobody got a report. The bootcamp's resume reminder picks
    /// the run up from that page: every student is mailed once (their emails are keyed by student, bootcamp and week).
    /// </summary>
    [Fact]
    public async Task AWeeklyRunCutShortIsResumedByItsReminderWithNoStudentMailedTwiceAndNoneSkipped()
    {
        var (bootcampId, title, roster) = await BootcampWithStudentsAsync(40, "Resumed");
        var week = CurrentWeek();
        var batch = WeeklyBatch(bootcampId, week, page: 0);
        StorageFaults.Shared.FailWrite("outbox-batch", batch.GetGrainId(), nth: 1, times: 2);
        var bootcampRun = fixture.Grains.GetGrain<IWeeklyReportBootcampGrain>(bootcampId);

        await fixture.Grains.GetGrain<IWeeklyReportScheduleGrain>(IWeeklyReportScheduleGrain.Key).AsReference<IRemindable>().ReceiveReminder("weekly-reports", default);

        var stopped = await Eventually.Until(bootcampRun.GetRunAsync, run => run is { Finished: true } or { Stopped: true },
            TimeSpan.FromSeconds(60), "the bootcamp's run to end or stop");
        Assert.Equal(new WeeklyBootcampRun(week, 0, false, true), stopped);
        Assert.All(await Task.WhenAll(roster.Select(student => batch.GetAsync(WeeklyReportId(student.UserId, bootcampId, week)))), Assert.Null);

        await bootcampRun.AsReference<IRemindable>().ReceiveReminder("weekly-report-resume", default);

        Assert.Equal(new WeeklyBootcampRun(week, int.MaxValue, true, false), await bootcampRun.GetRunAsync());
        var sent = await Eventually.Until(() => Task.WhenAll(roster.Select(student => batch.GetAsync(WeeklyReportId(student.UserId, bootcampId, week)))),
            entries => entries.All(entry => entry?.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(60), "every student's weekly report to be sent");
        Assert.All(roster, student => Assert.Single(fixture.Smtp.Received,
            m => m.To.Mailboxes.Any(a => a.Address == student.Email) && m.Subject == $"Your week in {title}"));
        Assert.All(sent, entry => Assert.Equal(1, entry!.Attempts));
    }

    /// <summary>
    /// What a crash in the middle of a batch leaves: the server accepted the first two emails and their sent marks were
    /// stored, the other two were not sent (or were, and their marks were lost with the process). Woken by its shard's
    /// sweep, the batch sends only the two without a mark; enqueued again (a page run again), it adds only what is new.
    /// </summary>
    [Fact]
    public async Task ABatchResumedAfterACrashSendsOnlyTheEmailsWithoutAStoredSentMark()
    {
        var key = IOutboxBatchGrain.KeyOf("crashed-batch/" + Guid.NewGuid().ToString("N"));
        var emails = Enumerable.Range(0, 5).Select(i => TestEmail($"crashed{i}", $"Batch email {i}")).ToList();
        var queuedAt = DateTimeOffset.UtcNow;
        var storage = Storage();
        var grainId = GrainId.Create("outboxbatch", key);
        await storage.WriteStateAsync("outbox-batch", grainId, new GrainState<OutboxBatchState>(
            new OutboxBatchState { Emails = [.. emails.Take(4).Select(e => new BatchedEmail(e, queuedAt))] }));
        await storage.WriteStateAsync("outbox-batch-progress", grainId, new GrainState<OutboxBatchProgressState>(new OutboxBatchProgressState
        {
            Deliveries = emails.Take(2).ToImmutableDictionary(e => e.MessageId, _ => new EmailDelivery(OutboxStatus.Sent, 1, null, null)),
        }));
        var batch = fixture.Grains.GetGrain<IOutboxBatchGrain>(key);

        await batch.WakeAsync();
        await fixture.Smtp.WaitForAsync(m => IsTo(m, emails[2]) || IsTo(m, emails[3]), 2, TimeSpan.FromSeconds(30), "the two emails without a sent mark");
        await Eventually.Until(() => batch.GetAsync(emails[3].MessageId), entry => entry?.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(10), "the batch to mark them sent");
        // Sent in order, so once the fifth (new) email arrives, the four before it had their chance to go out again.
        await batch.EnqueueAsync([.. emails]);
        await fixture.Smtp.WaitForOneAsync(m => IsTo(m, emails[4]), "the email that joined the batch later");

        Assert.DoesNotContain(fixture.Smtp.Received, m => IsTo(m, emails[0]) || IsTo(m, emails[1]));
        Assert.All(emails.Skip(2), email => Assert.Single(fixture.Smtp.Received, m => IsTo(m, email)));
        var entries = await Eventually.Until(() => Task.WhenAll(emails.Select(e => batch.GetAsync(e.MessageId))),
            all => all.All(entry => entry?.Status == OutboxStatus.Sent), TimeSpan.FromSeconds(10), "every email of the batch to be marked sent");
        Assert.All(entries, entry => Assert.Equal(1, entry!.Attempts));
    }

    /// <summary>
    /// The batch's first write of sent marks waits on a slow database while the other emails go out, then it and the
    /// write that follows fail: the batch keeps the marks in memory, sends nothing more until they are stored, and stores
    /// them on its next try. Nothing is sent twice, and the stored marks say every email was sent.
    /// </summary>
    [Fact]
    public async Task WhenABatchCannotStoreItsSentMarksItKeepsThemAndStoresThemLaterWithoutSendingAnythingTwice()
    {
        var key = IOutboxBatchGrain.KeyOf("slow-marks/" + Guid.NewGuid().ToString("N"));
        var batch = fixture.Grains.GetGrain<IOutboxBatchGrain>(key);
        var emails = Enumerable.Range(0, 6).Select(i => TestEmail($"marks{i}", $"Marked email {i}")).ToList();
        var held = StorageFaults.Shared.HoldNextWrite("outbox-batch-progress", batch.GetGrainId());
        StorageFaults.Shared.FailWrite("outbox-batch-progress", batch.GetGrainId(), nth: 1);

        await batch.EnqueueAsync([.. emails]);
        await held.Reached;
        await fixture.Smtp.WaitForAsync(m => emails.Any(e => IsTo(m, e)), emails.Count, TimeSpan.FromSeconds(30), "every email of the batch");
        held.Release(fail: true);

        var stored = await Eventually.Until(async () =>
            {
                var state = new GrainState<OutboxBatchProgressState>(new OutboxBatchProgressState());
                await Storage().ReadStateAsync("outbox-batch-progress", batch.GetGrainId(), state);
                return state.State!.Deliveries;
            }, deliveries => deliveries.Count == emails.Count, TimeSpan.FromSeconds(20), "the sent marks to be stored on a later try");
        Assert.All(emails, email => Assert.Equal(OutboxStatus.Sent, stored[email.MessageId].Status));
        await batch.WakeAsync();
        var late = TestEmail("marks-late", "Marked email late");
        await batch.EnqueueAsync([.. emails, late]);
        await fixture.Smtp.WaitForOneAsync(m => IsTo(m, late), "the email that joined the batch later");
        Assert.All(emails, email => Assert.Single(fixture.Smtp.Received, m => IsTo(m, email)));
    }

    /// <summary>An admin retries a failed email of a batch by its message id, as the outbox listing shows it.</summary>
    [Fact]
    public async Task AFailedEmailOfABatchIsListedAsFailedAndAnAdminCanSendItAgainByItsMessageId()
    {
        var key = IOutboxBatchGrain.KeyOf("failed-batch/" + Guid.NewGuid().ToString("N"));
        var email = TestEmail("failed-in-batch", "Failed in a batch");
        var grainId = GrainId.Create("outboxbatch", key);
        var storage = Storage();
        await storage.WriteStateAsync("outbox-batch", grainId, new GrainState<OutboxBatchState>(
            new OutboxBatchState { Emails = [new BatchedEmail(email, DateTimeOffset.UtcNow)] }));
        await storage.WriteStateAsync("outbox-batch-progress", grainId, new GrainState<OutboxBatchProgressState>(new OutboxBatchProgressState
        {
            Deliveries = ImmutableDictionary<string, EmailDelivery>.Empty.Add(email.MessageId, new EmailDelivery(OutboxStatus.Failed, 8, "554 refused", null)),
        }));
        await fixture.Grains.GetGrain<IOutboxBatchGrain>(key).WakeAsync();
        var admin = new Caller("an-admin", "An Admin", [Roles.Admin]);
        var failed = await fixture.Grains.GetGrain<IOutboxReaderGrain>(0).ListAsync(admin, OutboxStatus.Failed, 1, 100);
        Assert.Contains(failed.Items, entry => entry.MessageId == email.MessageId && entry.BatchId == key);
        var message = fixture.Grains.GetGrain<IOutboxMessageGrain>(email.MessageId);

        var refused = await Assert.ThrowsAsync<DomainException>(() => message.RetryAsync(new Caller("someone", "Some Student", [Roles.Student])));
        var retried = await message.RetryAsync(admin);

        Assert.Equal(DomainErrorKind.Forbidden, refused.Kind);
        Assert.Equal((OutboxStatus.Queued, 0), (retried!.Status, retried.Attempts));
        await fixture.Smtp.WaitForOneAsync(m => IsTo(m, email), "the retried email");
        var sent = await Eventually.Until(() => fixture.Grains.GetGrain<IOutboxBatchGrain>(key).GetAsync(email.MessageId),
            entry => entry?.Status == OutboxStatus.Sent, TimeSpan.FromSeconds(10), "the retried email to be marked sent");
        Assert.Equal(1, sent!.Attempts);
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

    private IGrainStorage Storage() =>
        (fixture.Cluster.Primary as InProcessSiloHandle)!.SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Cohortly);

    private static OutgoingEmail TestEmail(string name, string subject) =>
        new(IOutboxMessageGrain.KeyOf($"{name}/{Guid.NewGuid():N}"), ApiClient.UniqueEmail(name), "test", subject, "<p>Hi</p>", "Hi", [], null);

    private static bool IsTo(MimeMessage message, OutgoingEmail email) => message.To.Mailboxes.Any(a => a.Address == email.To);

    private static string CurrentWeek() => $"{ISOWeek.GetYear(DateTime.UtcNow)}-W{ISOWeek.GetWeekOfYear(DateTime.UtcNow):D2}";

    private static string WeeklyReportId(string userId, string bootcampId, string week) => IOutboxMessageGrain.KeyOf($"weekly-report/{userId}/{bootcampId}/{week}");

    private IOutboxBatchGrain WeeklyBatch(string bootcampId, string week, int page) =>
        fixture.Grains.GetGrain<IOutboxBatchGrain>(IOutboxBatchGrain.KeyOf(WeeklyReportPageGrain.BatchKeyOf(bootcampId, week, page)));

    private async Task<(string BootcampId, string Title, List<(string UserId, string Email)> Roster)> BootcampWithStudentsAsync(int students, string name)
    {
        var instructor = new Caller(SecureTokens.NewId(), "Wes Weekly", [Roles.Instructor]);
        var bootcampId = SecureTokens.NewId();
        var title = name + " " + bootcampId[..6];
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
        return (bootcampId, title, roster);
    }
}
