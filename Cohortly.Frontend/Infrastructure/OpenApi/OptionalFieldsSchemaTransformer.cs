using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cohortly.Frontend.Infrastructure.OpenApi;

/// <summary>
/// The generator lists every record constructor parameter as required. Request records take their fields nullable so
/// that a missing one becomes a field error; such a field is optional unless it carries <see cref="RequiredAttribute"/>,
/// which marks the fields the endpoint's checks demand. A response always writes its nullable properties (as null), so
/// for responses this only loosens the schema, never makes it false.
/// </summary>
public sealed class OptionalFieldsSchemaTransformer : IOpenApiSchemaTransformer
{
    private readonly NullabilityInfoContext _nullability = new();

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Also called for an object-typed property's schema, where JsonTypeInfo is the property's type (LatePolicyBody in a response).
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Required is not { Count: > 0 } required)
        {
            return Task.CompletedTask;
        }
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            if (IsNullable(property) && property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) != true)
            {
                required.Remove(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    private bool IsNullable(JsonPropertyInfo property)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
        {
            return true;
        }
        if (property.PropertyType.IsValueType || property.AttributeProvider is not PropertyInfo info)
        {
            return false;
        }
        lock (_nullability)
        {
            return _nullability.Create(info).ReadState == NullabilityState.Nullable;
        }
    }
}
