import pytest

from customers.teams import Industry, SupportTeam, support_team_for


@pytest.mark.parametrize("industry", [
    Industry.ELECTRICAL_HVAC, Industry.CONSTRUCTION, Industry.TRANSPORT,
    Industry.SHEET_METAL_VENTILATION, Industry.ENERGY, Industry.SECURITY, Industry.IT_COMPANIES,
])
def test_crafts_transport_and_consulting_industries(industry):
    assert support_team_for(industry) == SupportTeam.CRAFTS_TRANSPORT_CONSULTING


@pytest.mark.parametrize("industry", [
    Industry.GROCERY, Industry.RETAIL, Industry.SPECIALIST_RETAIL, Industry.HEALTHCARE,
    Industry.HOSPITALITY, Industry.MANUFACTURING, Industry.ORGANISATIONS, Industry.ACCOUNTING,
    Industry.BANKING_FINANCE, Industry.AGRICULTURE,
])
def test_trade_services_and_organisations_industries(industry):
    assert support_team_for(industry) == SupportTeam.TRADE_SERVICES_ORGANISATIONS


def test_unknown_industry_is_an_error_not_a_silent_default():
    with pytest.raises(ValueError):
        support_team_for("astrology")
