using QkdNet.Services.Cloud.Access;

namespace QkdNet.Tests.Services.Cloud.Access;

public sealed class AccessPolicyTests
{
    private static readonly AccessPolicy Policy = AccessPolicy.Parse("""
        {"principals": [
          {"name": "alice", "roles": ["owner"]},
          {"name": "bob", "roles": ["analyst"]},
          {"name": "carol", "roles": ["auditor"]},
          {"name": "ops", "roles": ["operator"]}
        ]}
        """).Value;

    public static TheoryData<string, CloudAction, bool> Matrix()
    {
        var data = new TheoryData<string, CloudAction, bool>();
        foreach (CloudAction action in Enum.GetValues<CloudAction>())
        {
            bool ownerAction = action is not (CloudAction.ReadAudit or CloudAction.Health);
            data.Add("alice", action, ownerAction);
            data.Add("bob", action, false);
            data.Add("carol", action, action == CloudAction.ReadAudit);
            data.Add("ops", action, action == CloudAction.Health);
            data.Add("mallory", action, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Check_FollowsTheRoleTable(string caller, CloudAction action, bool allowed)
    {
        AccessDecision decision = Policy.Check(caller, action);
        Assert.Equal(allowed, decision.Allowed);
        Assert.NotEmpty(decision.Reason);
    }

    [Fact]
    public void Check_AnalystAskingForAShare_IsToldAggregatesOnly()
    {
        Assert.Contains("aggregates only", Policy.Check("bob", CloudAction.Get).Reason, StringComparison.Ordinal);
        Assert.Contains("not in this server's access policy", Policy.Check("mallory", CloudAction.Get).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("{}", "\"principals\"")]
    [InlineData("""{"principals":[{"roles":["owner"]}]}""", "principals[0] needs a non-empty \"name\"")]
    [InlineData("""{"principals":[{"name":"a","roles":[]}]}""", "\"roles\"")]
    [InlineData("""{"principals":[{"name":"a","roles":["admin"]}]}""", "unknown role")]
    [InlineData("""{"principals":[{"name":"a","roles":["owner"]},{"name":"a","roles":["auditor"]}]}""", "listed twice")]
    public void Parse_BadPolicy_NamesTheProblem(string json, string expected)
    {
        Result<AccessPolicy> parsed = AccessPolicy.Parse(json);
        Assert.False(parsed.IsSuccess);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
    }
}
