using System.Text.Json.Nodes;
using Cohortly.Frontend.Infrastructure.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.Home;

internal static class HomeOpenApi
{
    /// <summary>
    /// Publishes each registered card as one branch of a <c>oneOf</c> told apart by <c>kind</c> (a one-value enum), with its
    /// own data schema: the response validator then checks every card's content, and a card added by a feature appears in
    /// the document without touching this route.
    /// </summary>
    public static RouteHandlerBuilder WithHomeCardSchemas(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var cards = context.ApplicationServices.GetServices<IHomeCard>().OrderBy(card => card.Order).ToList();
            var branches = new List<IOpenApiSchema>();
            foreach (var card in cards)
            {
                var data = await OpenApiEndpointExtensions.ComponentAsync(card.DataType, context, cancellationToken);
                branches.Add(new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "kind", "data", "error" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["kind"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(card.Kind)] },
                        ["data"] = new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, data] },
                        ["error"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    },
                });
            }
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "The caller's cards in page order.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { "cards" },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["cards"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { OneOf = branches } },
                            },
                        },
                    },
                },
            };
        });
}
