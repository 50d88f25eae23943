namespace PumpControllerLib;

public record OperatorCommand(string UserId, string Action, string Checksum);

public record PumpResult(bool PumpOn, bool Emergency, string Reason);

public class PumpConfig
{
    public double DeltaTSubcool { get; init; } = 25.0;
    public double MinPressureBar { get; init; } = 70.0;
    public double MaxTempClampC { get; init; } = 335.0;
    public HashSet<string> AuthorizedUsers { get; init; } = new() { "operatorA", "operatorB" };
}

public class PumpController
{
    private readonly PumpConfig _config;
    private readonly SaturationTable _saturation = new();

    public PumpController(PumpConfig? config = null) => _config = config ?? new PumpConfig();

    public PumpResult Evaluate(double temperatureC, double pressureBar, OperatorCommand? command)
    {
        // REQ-004, REQ-007: an operator command is looked at before any reading.
        if (command is not null && Accepts(command) && command.Action == "Shutdown")
        {
            return Stop("OperatorShutdown"); // REQ-004
        }

        // REQ-002: pressure floor.
        if (pressureBar < _config.MinPressureBar) return Stop("LowPressure");

        // REQ-003: temperature ceiling.
        if (temperatureC > _config.MaxTempClampC) return Stop("HighTempClamp");

        // REQ-001: too little subcooling; REQ-009: saturation from the table.
        var saturation = _saturation.At(pressureBar);
        if (temperatureC >= saturation - _config.DeltaTSubcool) return Stop("LowSubcooling");

        return new PumpResult(true, false, "Normal"); // REQ-005
    }

    // REQ-006: every stop raises the emergency flag.
    private static PumpResult Stop(string reason) => new(false, true, reason);

    private bool Accepts(OperatorCommand command)
    {
        if (!_config.AuthorizedUsers.Contains(command.UserId)) return false;
        var total = (command.UserId + "|" + command.Action).Sum(c => (int)c) % 256;
        return string.Equals(total.ToString("X2"), command.Checksum, StringComparison.OrdinalIgnoreCase);
    }
}

internal class SaturationTable
{
    private static readonly (double Bar, double Celsius)[] Points =
        { (1, 100), (10, 180), (20, 212), (40, 252), (70, 285), (100, 311) };

    public double At(double bar)
    {
        if (bar <= Points[0].Bar) return Points[0].Celsius;
        for (var i = 1; i < Points.Length; i++)
        {
            var (lowBar, lowC) = Points[i - 1];
            var (highBar, highC) = Points[i];
            if (bar <= highBar) return lowC + (bar - lowBar) / (highBar - lowBar) * (highC - lowC);
        }
        return Points[^1].Celsius;
    }
}
