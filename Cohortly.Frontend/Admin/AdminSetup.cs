using Cohortly.Frontend.Features;

namespace Cohortly.Frontend.Admin;

public static class AdminSetup
{
    /// <summary>The Orleans dashboard at <c>/dashboard</c>, for admins.</summary>
    public const string DashboardFlag = "Dashboard";

    public static WebApplicationBuilder AddCohortlyAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddFeatureFlag(DashboardFlag);
        return builder;
    }

    /// <summary>
    /// The dashboard's page is the Orleans package's own, with no way back to the app: a link to <c>/</c> is put at the top
    /// of its HTML as it is sent.
    /// </summary>
    public static WebApplication UseDashboardWayBack(this WebApplication app)
    {
        const string wayBack = """<nav aria-label="Cohortly" style="padding:0.5rem 1rem;font:600 0.95rem system-ui,sans-serif;background:#fff"><a href="/">← Back to Cohortly</a></nav>""";
        app.UseWhen(context => HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value is "/dashboard" or "/dashboard/" or "/dashboard/index.html", page => page.Use(async (context, next) =>
        {
            var body = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
            }
            buffer.Position = 0;
            var isHtml = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                && !context.Response.Headers.ContentEncoding.Any(e => !string.IsNullOrEmpty(e));
            if (!isHtml)
            {
                await buffer.CopyToAsync(body, context.RequestAborted);
                return;
            }
            var html = await new StreamReader(buffer).ReadToEndAsync(context.RequestAborted);
            var bodyTag = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
            var insertAt = bodyTag < 0 ? 0 : html.IndexOf('>', bodyTag) + 1;
            context.Response.ContentLength = null;
            await context.Response.WriteAsync(html.Insert(insertAt, wayBack), context.RequestAborted);
        }));
        return app;
    }
}
