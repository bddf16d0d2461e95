using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// Declares the JWT bearer scheme and, from each endpoint's authorization metadata, whether the operation needs it
/// (<c>security: [{Bearer: []}]</c> with the 401, and the 403 of a role policy) or is public (<c>security: []</c>).
/// </summary>
public sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The `accessToken` that register, login and refresh answer. It expires after `expiresIn` seconds; " +
                "a refresh token gets a new pair. Logging out or resetting the password ends the session at once.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (!EndpointAccess.IsProtected(context.Description))
        {
            operation.Security = [];
            return;
        }
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        await ProblemResponses.AddAsync(operation, context, StatusCodes.Status401Unauthorized,
            "No valid access token: missing, expired, or its session has ended.", cancellationToken);
        if (EndpointAccess.RequiresMoreThanSignIn(context.Description))
        {
            await ProblemResponses.AddAsync(operation, context, StatusCodes.Status403Forbidden, "The caller's role does not allow this.", cancellationToken);
        }
    }
}
