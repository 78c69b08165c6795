using System.Reflection;
using System.Runtime.CompilerServices;
using QkdNet.KeyManagement.Storage;
using QkdNet.Storage.Postgres;

namespace QkdNet.Tests.KeyManagement.Storage.Postgres;

/// <summary>
/// The PostgreSQL store is written against the library's public API: the library grants it no internals, so the build
/// fails on any use of an internal type (method bodies included), and its own signatures name public library types only.
/// </summary>
public sealed class PostgresKeyStoreBoundaryTests
{
    private static readonly Assembly Library = typeof(KeyStoreEngine).Assembly;

    [Fact]
    public void Library_GrantsThePostgresStoreNoInternals()
    {
        string[] friends = [.. Library.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName)];

        Assert.Contains("QkdNet.Tests", friends); // the list read is the real one
        Assert.DoesNotContain(friends, name => name.StartsWith(typeof(PostgresKeyStore).Assembly.GetName().Name!, StringComparison.Ordinal));
    }

    [Fact]
    public void PostgresStore_SignaturesNameOnlyPublicLibraryTypes()
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var hidden = new List<string>();
        foreach (Type type in typeof(PostgresKeyStore).Assembly.GetTypes())
        {
            IEnumerable<(string Where, Type Used)> uses =
                new[] { type.BaseType }.OfType<Type>().Concat(type.GetInterfaces()).Select(t => (type.FullName!, t))
                    .Concat(type.GetFields(All).Select(f => ($"{type.Name}.{f.Name}", f.FieldType)))
                    .Concat(type.GetProperties(All).Select(p => ($"{type.Name}.{p.Name}", p.PropertyType)))
                    .Concat(type.GetMethods(All).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)
                        .Select(t => ($"{type.Name}.{m.Name}", t))))
                    .Concat(type.GetConstructors(All).SelectMany(c => c.GetParameters().Select(p => ($"{type.Name}..ctor", p.ParameterType))));
            foreach ((string where, Type used) in uses)
            {
                hidden.AddRange(Flatten(used).Where(t => t.Assembly == Library && !t.IsVisible).Select(t => $"{where}: {t.FullName}"));
            }
        }

        Assert.Empty(hidden);
    }

    private static IEnumerable<Type> Flatten(Type type) =>
        type.HasElementType ? Flatten(type.GetElementType()!)
            : type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Prepend(type.GetGenericTypeDefinition())
            : [type];
}
