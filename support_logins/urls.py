# Placeholder: replaced by the support-logins work (issue 5).
app_name = "support_logins"
urlpatterns: list = []
