from tests.frontends.slack.conftest import slack_rig, stand_in  # noqa: F401  (the served bolt app)
from tests.fuzz import profiles  # noqa: F401  (loads the hypothesis profile)
