using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>What a route declares about itself that its handler's signature cannot show.</summary>
public static class OpenApiEndpointExtensions
{
    /// <summary>
    /// The problem statuses a route can answer beyond its <c>Results&lt;…&gt;</c> type: mostly the <c>DomainException</c>s of
    /// the grains it calls (see <see cref="ProblemDetailsExceptionHandler"/> for kind → status). 401 and the pipeline's
    /// problems are added by the transformers.
    /// </summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata([.. statuses.Select(status => new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemResponses.ContentType]))]);

    /// <summary>A non-JSON body for <paramref name="status"/>: text as a string, anything else (images, PDFs) as bytes.</summary>
    public static TBuilder ProducesContent<TBuilder>(this TBuilder builder, int status, string contentType, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Responses ??= [];
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!operation.Responses.TryGetValue(key, out var existing) || existing is not OpenApiResponse response)
            {
                operation.Responses[key] = response = new OpenApiResponse();
            }
            response.Description = description;
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content[contentType] = new OpenApiMediaType
            {
                Schema = contentType.StartsWith("text/", StringComparison.Ordinal)
                    ? new OpenApiSchema { Type = JsonSchemaType.String }
                    : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// A status whose body is one of two JSON shapes: <c>Results&lt;Ok&lt;A&gt;, Ok&lt;B&gt;&gt;</c> keeps only one of them. It is
    /// <c>anyOf</c>, not <c>oneOf</c>: an empty page is valid under both shapes.
    /// </summary>
    public static RouteHandlerBuilder ProducesAnyOf<TFirst, TSecond>(this RouteHandlerBuilder builder, int status, string description) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var first = await ComponentAsync(typeof(TFirst), context, cancellationToken);
            var second = await ComponentAsync(typeof(TSecond), context, cancellationToken);
            operation.Responses ??= [];
            operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { AnyOf = [first, second] } },
                },
            };
        });

    /// <summary>A reference to the type's component, named as the generator names it, added when it is not there yet.</summary>
    internal static async Task<IOpenApiSchema> ComponentAsync(Type type, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var json = context.ApplicationServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
        var id = OpenApiOptions.CreateDefaultSchemaReferenceId(json.GetTypeInfo(type))
            ?? throw new InvalidOperationException($"{type} has no component name.");
        var document = context.Document!;
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        ReferenceNestedComponents(schema, document);
        document.AddComponent(id, schema);
        return new OpenApiSchemaReference(id, document);
    }

    /// <summary>
    /// A schema made in a transformer comes back with its nested types inline, and a nullable nested object loses its
    /// null. Does what the generator does for its own schemas: a nested type becomes a reference to its component (added
    /// when the generator has not made it yet), <c>oneOf [null, reference]</c> when the property is nullable.
    /// </summary>
    private static void ReferenceNestedComponents(OpenApiSchema schema, OpenApiDocument document)
    {
        IOpenApiSchema Resolve(IOpenApiSchema child)
        {
            if (child is not OpenApiSchema inline)
            {
                return child;
            }
            ReferenceNestedComponents(inline, document);
            if (inline.Metadata?.TryGetValue("x-schema-id", out var id) != true || id is not string { Length: > 0 } name)
            {
                return inline;
            }
            document.AddComponent(name, inline);
            var reference = new OpenApiSchemaReference(name, document);
            return inline.Metadata.TryGetValue("x-is-nullable-property", out var nullable) && nullable is true
                ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] }
                : reference;
        }
        if (schema.Properties is { } properties)
        {
            foreach (var name in properties.Keys.ToList())
            {
                properties[name] = Resolve(properties[name]);
            }
        }
        if (schema.Items is { } items)
        {
            schema.Items = Resolve(items);
        }
    }

    /// <summary>
    /// A <c>multipart/form-data</c> body described by the record <typeparamref name="TForm"/>, for handlers that read the
    /// form themselves (streaming) and so bind no parameter the generator could see. <see cref="IFormFile"/> properties are
    /// binary parts; non-nullable properties are required; parts are listed in the order the record declares them.
    /// </summary>
    public static RouteHandlerBuilder AcceptsMultipartForm<TForm>(this RouteHandlerBuilder builder, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var nullability = new NullabilityInfoContext();
            var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(), Required = new HashSet<string>() };
            foreach (var property in typeof(TForm).GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
            {
                var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var part = property.PropertyType == typeof(IFormFile)
                    ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" }
                    : new OpenApiSchema { Type = JsonSchemaType.String };
                part.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description;
                if (property.GetCustomAttribute<EnumValuesAttribute>() is { } values)
                {
                    part.Enum = [.. values.Values.Select(value => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(value))];
                }
                schema.Properties[name] = part;
                if (nullability.Create(property).ReadState != NullabilityState.Nullable)
                {
                    schema.Required.Add(name);
                }
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["multipart/form-data"] = new() { Schema = schema } },
            };
            return Task.CompletedTask;
        });
}
