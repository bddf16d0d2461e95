using Cohortly.Frontend.Accounts;
using Cohortly.Frontend.Admin;
using Cohortly.Frontend.Analytics;
using Cohortly.Frontend.Assignments;
using Cohortly.Frontend.Benchmarks;
using Cohortly.Frontend.Bootcamps;
using Cohortly.Frontend.Certificates;
using Cohortly.Frontend.Email;
using Cohortly.Frontend.Features;
using Cohortly.Frontend.Files;
using Cohortly.Frontend.Health;
using Cohortly.Frontend.Infrastructure;
using Cohortly.Frontend.Infrastructure.Home;
using Cohortly.Frontend.LiveClasses;
using Cohortly.Frontend.Notifications;
using Cohortly.Frontend.Payments;

var builder = WebApplication.CreateBuilder(args);
builder.AddCohortlyOrleans();
builder.AddCohortlyTelemetry();
builder.AddCohortlyAccounts();
builder.AddCohortlyWeb();
builder.AddCohortlyNotifications();
builder.AddCohortlyFiles();
builder.AddCohortlyAdmin();
builder.AddCohortlyBootcamps();
builder.AddCohortlyAssignments();
builder.AddCohortlyEmail();
builder.AddCohortlyPayments();
builder.AddCohortlyCertificates();
builder.AddCohortlyAnalytics();
builder.AddCohortlyLiveClasses();

var app = builder.Build();
app.UseCohortlyPipeline();
app.UseDashboardWayBack();

app.MapHealthApi();
app.MapMetrics();
app.MapApiDocumentation();
app.MapFeaturesApi();
app.MapAccountsApi();
app.MapBootcampsApi();
app.MapAssignmentsApi();
app.MapNotificationsApi();
app.MapFilesApi();
app.MapAdminApi();
app.MapEmailApi();
app.MapPaymentsApi();
app.MapCertificatesApi();
app.MapAnalyticsApi();
app.MapLiveClassesApi();
app.MapReportsApi();
app.MapHomeApi();
app.MapBenchmarkBaseline(app.Configuration);
app.MapWebApp();

app.Run();

/// <summary>Visible to the tests' WebApplicationFactory and benchmarks.</summary>
public partial class Program;
