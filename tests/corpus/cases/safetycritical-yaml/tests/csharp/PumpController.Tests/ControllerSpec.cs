using System.Reflection;
using System.Runtime.CompilerServices;
using NUnit.Framework;
using PumpControllerLib;

namespace SafetyCritical.Tests;

public class ControllerSpec
{
    private static PumpResult Run(double celsius, double bar, OperatorCommand? command = null, PumpConfig? config = null)
        => new PumpController(config).Evaluate(celsius, bar, command);

    [Test, Category("REQ-005")]
    public void RunsWhenNothingIsWrong() => Assert.That(Run(250, 90).Reason, Is.EqualTo("Normal"));

    [Test, Category("REQ-002"), Category("REQ-006")]
    public void StopsUnderThePressureFloor() => Assert.That(Run(250, 60).Reason, Is.EqualTo("LowPressure"));

    [Test, Category("REQ-003"), Category("REQ-006")]
    public void StopsOverTheTemperatureCeiling() => Assert.That(Run(340, 90).Reason, Is.EqualTo("HighTempClamp"));

    [Test, Category("REQ-001"), Category("REQ-006"), Category("REQ-009")]
    public void StopsWithTooLittleSubcooling() => Assert.That(Run(265, 70).Reason, Is.EqualTo("LowSubcooling"));

    [Test, Category("REQ-004"), Category("REQ-006")]
    public void StopsOnASignedOperatorCommand()
    {
        var total = "operatorA|Shutdown".Sum(c => (int)c) % 256;
        var result = Run(250, 90, new OperatorCommand("operatorA", "Shutdown", total.ToString("X2")));
        Assert.That(result.Emergency, Is.True);
    }

    [Test, Category("REQ-007")]
    public void IgnoresAnUnknownUser() => Assert.That(Run(250, 90, new OperatorCommand("mallory", "Shutdown", "00")).PumpOn, Is.True);

    [Test, Category("REQ-008")]
    public void ConfigurationIsInitOnly()
    {
        foreach (var property in typeof(PumpConfig).GetProperties())
        {
            var modifiers = property.SetMethod!.ReturnParameter.GetRequiredCustomModifiers();
            Assert.That(modifiers, Does.Contain(typeof(IsExternalInit)), property.Name);
        }
    }

    [Test, Category("REQ-009")]
    public void SaturationTableIsWithinTwoDegrees()
    {
        var table = typeof(PumpController).Assembly.GetType("PumpControllerLib.SaturationTable", true)!;
        var at = table.GetMethod("At")!;
        var instance = Activator.CreateInstance(table, true);
        Assert.That((double)at.Invoke(instance, new object[] { 70.0 })!, Is.InRange(283, 287));
    }
}
