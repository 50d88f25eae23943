import json
import subprocess

import pytest

COMMAND = ["dotnet", "run", "--project", "src/csharp/PumpController.CLI"]


def invoke(temperature, pressure, command=None):
    request = {"temperatureC": temperature, "pressureBar": pressure, "command": command}
    done = subprocess.run(COMMAND, input=json.dumps(request).encode(), capture_output=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.req("REQ-005")
def test_normal_operation():
    answer = invoke(250, 90)
    assert answer["PumpOn"] and not answer["Emergency"]
    assert answer["Reason"] == "Normal"


@pytest.mark.req("REQ-006")
def test_emergency_flag_consistency():
    answer = invoke(340, 90)
    assert not answer["PumpOn"] and answer["Emergency"]
