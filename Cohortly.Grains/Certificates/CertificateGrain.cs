using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Cohortly.Accounts;
using Cohortly.Assignments;
using Cohortly.Bootcamps;
using Cohortly.Common;
using Cohortly.Email;
using Cohortly.Events;
using Cohortly.Integrations.Certificates;
using Cohortly.Integrations.Storage;

namespace Cohortly.Certificates;

[GenerateSerializer, Alias("cohortly.certificates.certificate-state")]
public sealed class CertificateState : IHoldsPendingEvents
{
    [Id(0)] public CertificateRecord? Record { get; set; }
    /// <summary>Set once the id is findable, the PDF stored, the student's list and the email done: until then every issue call finishes the rest.</summary>
    [Id(1)] public bool Delivered { get; set; }
    [Id(2)] public List<DomainEvent> PendingEvents { get; set; } = [];
    /// <summary>Earlier certificates this one replaced after a name correction, oldest first, each marked superseded.</summary>
    [Id(3)] public List<CertificateRecord> Superseded { get; set; } = [];
}

/// <summary>
/// Issues once. Non-reentrant, so concurrent issue calls queue here and all but the first find the certificate made.
/// The record and its event are stored first; the id index, the PDF, the student's list and the email follow, each a
/// keyed write that a repeat leaves unchanged, so a crash in between is finished by the next issue call.
/// </summary>
[GrainType("certificate")]
public sealed class CertificateGrain(
    [PersistentState("certificate", StorageNames.Cohortly)] IPersistentState<CertificateState> state,
    CertificatePdf pdf, IObjectStorage storage, EmailLinks links, TimeProvider time) : Grain, ICertificateGrain, IRemindable
{
    private readonly EventOutbox<CertificateState> _events = new(state);

    private string BootcampId => this.GetPrimaryKeyString().Split('/')[0];

    private string StudentId => this.GetPrimaryKeyString().Split('/')[1];

    public override Task OnActivateAsync(CancellationToken cancellationToken) => _events.OnActivateAsync(this);

    public Task ReceiveReminder(string reminderName, TickStatus status) => _events.ReceiveReminderAsync(this, reminderName);

    public static string PdfKey(string certificateId) => $"certificates/{certificateId}/pdf";

    public async Task<IssueResult> IssueAsync(Caller caller)
    {
        if (!caller.IsAdmin)
        {
            await GrainFactory.RequireInstructorAsync(caller, BootcampId);
        }
        return await IssueByRuleAsync();
    }

    public async Task<IssueResult> IssueByRuleAsync()
    {
        var created = false;
        if (state.State.Record is null)
        {
            var bootcamp = await GrainFactory.RequireBootcampAsync(BootcampId);
            if (await GrainFactory.RoleInAsync(BootcampId, StudentId) != MemberRole.Student
                || await GrainFactory.GetGrain<IUserGrain>(StudentId).GetProfileAsync() is not { } student)
            {
                throw DomainException.Validation("studentId", "Only a student enrolled in this bootcamp can receive its certificate.");
            }
            var settings = await GrainFactory.GetGrain<ICertificateSettingsGrain>(BootcampId).CurrentAsync();
            var progress = await GrainFactory.GetGrain<IStudentProgressGrain>(IStudentProgressGrain.KeyOf(BootcampId, StudentId)).GetAsync(bootcamp.AssignmentCount);
            var statusEntry = await GrainFactory.GetGrain<ICertificateStatusAllocatorGrain>(0).AllocateAsync();
            var now = time.GetUtcNow();
            var certificateId = NewCertificateId();
            state.State.Record = new CertificateRecord(
                certificateId, BootcampId, StudentId, student.DisplayName, bootcamp.Details.Title, bootcamp.Details.StartsAt, bootcamp.Details.EndsAt,
                bootcamp.Details.Skills, settings.ShowGrade ? progress.AverageScorePercent : null, settings.SignerName, settings.SignerTitle,
                settings.AccentColor, now, CertificateStatus.Valid, null, null, statusEntry, LogoKey: settings.LogoKey);
            _events.Raise(new CertificateIssued(DomainEventPublisher.NewEventId(), now, BootcampId, certificateId, StudentId, bootcamp.Details.Title));
            await _events.WriteAsync(this);
            created = true;
        }
        await DeliverAsync();
        return new IssueResult(state.State.Record, created);
    }

    /// <summary>Finishes what an issue (or a correction) started; each step is a keyed write a repeat leaves unchanged.</summary>
    private async Task DeliverAsync()
    {
        var record = state.State.Record!;
        if (!state.State.Delivered)
        {
            await GrainFactory.GetGrain<ICertificateIdGrain>(record.CertificateId).SetAsync(this.GetPrimaryKeyString());
            var bytes = await StorePdfAsync(record);
            await GrainFactory.GetGrain<IUserCertificatesGrain>(StudentId).AddAsync(this.GetPrimaryKeyString());
            await GrainFactory.GetGrain<IMailerGrain>(0).SendCertificateAsync(StudentId, BootcampId, record.BootcampTitle, record.CertificateId, bytes);
            state.State.Delivered = true;
            await _events.WriteAsync(this);
        }
        await _events.PublishAsync(this);
    }

    public async Task<CertificateRecord> GetAsync(Caller caller)
    {
        var record = state.State.Record ?? throw DomainException.NotFound("Certificate");
        await RequireReaderAsync(caller, record);
        return record;
    }

    public async Task<CertificateRecord> GetAsync(Caller caller, string certificateId)
    {
        var record = Find(certificateId) ?? throw DomainException.NotFound("Certificate");
        await RequireReaderAsync(caller, record);
        return record;
    }

    public Task<CertificateRecord?> VerifyAsync(string certificateId) =>
        Task.FromResult(state.State.Delivered || certificateId != state.State.Record?.CertificateId ? Find(certificateId) : null);

    public Task<ImmutableArray<CertificateRecord>> HistoryAsync()
    {
        var current = state.State.Delivered && state.State.Record is { } record ? [record] : Enumerable.Empty<CertificateRecord>();
        return Task.FromResult<ImmutableArray<CertificateRecord>>([.. current, .. Enumerable.Reverse(state.State.Superseded)]);
    }

    public async Task<string> GetPdfKeyAsync(Caller caller, string certificateId)
    {
        var record = await GetAsync(caller, certificateId);
        var key = PdfKey(record.CertificateId);
        try
        {
            await using var stored = await storage.OpenReadAsync(key, CancellationToken.None);
        }
        catch (FileNotFoundException)
        {
            // A lost copy is made again from the stored record: the same content, freshly signed.
            await StorePdfAsync(record);
        }
        return key;
    }

    public async Task RevokeAsync(Caller caller, string reason)
    {
        if (!caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only admins can revoke certificates.");
        }
        var record = state.State.Record ?? throw DomainException.NotFound("Certificate");
        if (record.Status != CertificateStatus.Revoked)
        {
            record = record with { Status = CertificateStatus.Revoked, RevokedAt = time.GetUtcNow(), RevocationReason = reason };
            state.State.Record = record;
            _events.Raise(new CertificateRevoked(DomainEventPublisher.NewEventId(), record.RevokedAt!.Value, BootcampId, record.CertificateId, StudentId,
                record.BootcampTitle, reason));
            await _events.WriteAsync(this);
        }
        await _events.PublishAsync(this);
        // Also on a repeat: a revocation stored just before a crash still reaches its status list.
        if (record.StatusEntry is { } entry)
        {
            await GrainFactory.GetGrain<ICertificateStatusListGrain>(entry.ListNumber.ToString(CultureInfo.InvariantCulture)).SetAsync(entry.Index, true);
        }
    }

    public async Task<IssueResult> CorrectNameAsync(Caller caller, string certificateId, string studentName)
    {
        if (!caller.IsAdmin)
        {
            // Those who may issue by hand may re-issue with the name spelt right.
            await GrainFactory.RequireInstructorAsync(caller, BootcampId);
        }
        var current = state.State.Record ?? throw DomainException.NotFound("Certificate");
        if (Find(certificateId) is null)
        {
            throw DomainException.NotFound("Certificate");
        }
        if (certificateId != current.CertificateId)
        {
            throw DomainException.Conflict("certificate-superseded", $"This certificate was replaced by {current.CertificateId}: correct that one.");
        }
        if (current.Status == CertificateStatus.Revoked)
        {
            throw DomainException.Conflict("certificate-revoked", "A revoked certificate cannot be corrected.");
        }
        if (current.StudentName == studentName)
        {
            await DeliverAsync();
            return new IssueResult(current, false);
        }
        var statusEntry = await GrainFactory.GetGrain<ICertificateStatusAllocatorGrain>(0).AllocateAsync();
        var corrected = current with
        {
            CertificateId = NewCertificateId(), StudentName = studentName, StatusEntry = statusEntry, Status = CertificateStatus.Valid,
        };
        state.State.Superseded.Add(current with { Status = CertificateStatus.Superseded, SupersededBy = corrected.CertificateId });
        state.State.Record = corrected;
        state.State.Delivered = false;
        _events.Raise(new CertificateIssued(DomainEventPublisher.NewEventId(), time.GetUtcNow(), BootcampId, corrected.CertificateId, StudentId, corrected.BootcampTitle, current.CertificateId));
        await _events.WriteAsync(this);
        await DeliverAsync();
        return new IssueResult(corrected, true);
    }

    /// <summary>160 random bits: an id nobody can guess or enumerate, short enough for a URL and a QR code.</summary>
    private static string NewCertificateId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private CertificateRecord? Find(string certificateId) =>
        state.State.Record?.CertificateId == certificateId ? state.State.Record : state.State.Superseded.Find(r => r.CertificateId == certificateId);

    private async Task RequireReaderAsync(Caller caller, CertificateRecord record)
    {
        if (caller.UserId != record.StudentId && !caller.IsAdmin)
        {
            await GrainFactory.RequireStaffAsync(caller, BootcampId, "Only the certificate's owner, the bootcamp's staff and admins can read it.");
        }
    }

    private async Task<byte[]> StorePdfAsync(CertificateRecord record)
    {
        byte[]? logo = null;
        if (record.LogoKey is { } logoKey)
        {
            await using var stored = await storage.OpenReadAsync(logoKey, CancellationToken.None);
            using var copy = new MemoryStream();
            await stored.CopyToAsync(copy);
            logo = copy.ToArray();
        }
        var bytes = await pdf.RenderAsync(record, links.Base, logo);
        await storage.PutAsync(PdfKey(record.CertificateId), new MemoryStream(bytes), "application/pdf", CancellationToken.None);
        return bytes;
    }
}
