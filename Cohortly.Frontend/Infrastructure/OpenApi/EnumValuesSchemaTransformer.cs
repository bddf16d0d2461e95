using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>Publishes <see cref="EnumValuesAttribute"/> as <c>enum</c> on a property, on a list's items, or on a query parameter.</summary>
public sealed class EnumValuesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var values = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(EnumValuesAttribute), inherit: true).OfType<EnumValuesAttribute>().FirstOrDefault()
            ?? (context.JsonPropertyInfo is null ? FromParameter(context) : null);
        if (values is null)
        {
            return Task.CompletedTask;
        }
        var target = schema.Type is { } type && type.HasFlag(JsonSchemaType.Array) ? schema.Items as OpenApiSchema : schema;
        if (target is not null)
        {
            target.Enum = [.. values.Values.Select(value => (JsonNode)JsonValue.Create(value))];
        }
        return Task.CompletedTask;
    }

    private static EnumValuesAttribute? FromParameter(OpenApiSchemaTransformerContext context) =>
        context.ParameterDescription?.ParameterDescriptor is Microsoft.AspNetCore.Mvc.Infrastructure.IParameterInfoParameterDescriptor { ParameterInfo: { } parameter }
            ? parameter.GetCustomAttribute<EnumValuesAttribute>()
            : null;
}
