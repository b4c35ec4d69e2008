tagline = Tejido keeps the members, books and work of cooperatives and unions of home-based workers.
language = Language
save = Save
saved = Saved.
create = Create
edit = Edit
search = Search
pages = Pages
form-has-errors = Some answers need a change. See the messages below.

nav-login = Log in
nav-logout = Log out
nav-members = Members
nav-settings = Settings
nav-federation = Member organisations

home-title = Home
home-hello = Welcome, { $name }
home-your-orgs = Your organisations
home-no-orgs = You do not belong to any organisation yet.
home-all-orgs = All organisations on this server

login-title = Log in
login-identifier = Phone number or email
login-password = Password
login-submit = Log in
login-help = Forgot your password? Ask a leader of your organisation to set a new one.
login-failed = That phone number or email and password do not match.
login-identifier-invalid = Write a phone number (with country code) or an email address.

password-change = Change password
password-current = Current password
password-new = New password
password-confirm = New password again
password-changed = Your password has been changed.
password-wrong = The current password is not right.
password-too-short = A password needs at least 8 characters.
password-mismatch = The two new passwords are not the same.

role-member = Member
role-leader = Leader
role-treasurer = Treasurer
role-coordinator = Coordinator
role-admin = Administrator

status-applicant = Applicant
status-active = Active
status-suspended = Suspended
status-exited = Exited

kind-cooperative = Cooperative
kind-producer-group = Producer group
kind-self-help-group = Self-help group
kind-union = Union
kind-association = Association
kind-federation = Federation
kind-network = Network

dashboard-your-roles = Your roles
dashboard-federation-view = You see this organisation as staff of its federation: totals only.
dashboard-operator-view = You see this organisation as the server's operator.
dashboard-my-profile = My profile

members-count = { $count ->
    [one] { $n } member
   *[other] { $n } members
}
members-search = Name, phone or member number
members-none = No member matches.
page-previous = Previous
page-next = Next
page-of = Page { $page } of { $pages }

member-add = Add a member
member-edit = Edit member
member-name = Full name
member-phone = Phone number
member-email = Email
member-number = Member number
member-number-auto = Leave empty to give the next number.
member-trade = Trade
member-locality = Village or neighbourhood
member-status = Status
member-roles = Roles
member-joined = Member since
member-password = First password (optional)
member-password-help = She can log in with her phone number and this password, and change it later.
member-name-invalid = Write her name (at most 120 letters).
member-phone-invalid = Write a phone number of 7 to 15 digits, with country code.
member-email-invalid = This is not an email address.
member-email-taken = Another person already uses this email.
member-contact-taken = Another person already uses this phone number or email.
member-number-invalid = A member number has up to 20 letters, digits, - or /.
member-number-taken = Another member already has this number.
member-status-invalid = Choose a status from the list.
member-role-invalid = Choose roles from the list.
member-text-too-long = At most 80 letters.
member-already-here = This person is already a member of this organisation.

bylaws-title = Bylaws
bylaws-par-value = Value of one share
bylaws-min-shares = Minimum shares per member
bylaws-quorum = Quorum of the general assembly (percent)
bylaws-reserve = Share of surplus to the reserve fund (percent)

org-new = New organisation
org-slug = Short name for web addresses
org-name = Name
org-kind = Kind of organisation
org-country = Country code (two letters, such as IN)
org-currency = Currency
org-languages = Languages
org-parents = Belongs to (short names of federations or networks, separated by commas)
org-member-of = Member of
org-slug-invalid = Use 2 to 40 small letters, digits or -, starting with a letter.
org-slug-taken = Another organisation already uses this short name.
org-name-invalid = Write the name (at most 120 letters).
org-kind-invalid = Choose a kind from the list.
org-country-invalid = Write the two-letter country code, such as IN, PH, ET or BR.
org-currency-invalid = Choose a currency from the list.
org-languages-invalid = Choose at least one language.
org-par-invalid = Write the value of a share as an amount, such as 100 or 100.50.
org-min-shares-invalid = Write a whole number of shares.
org-percent-invalid = Write a whole number from 0 to 100.
org-parent-invalid = Each short name must be a federation or network on this server.

federation-summary = { $orgs ->
    [one] One organisation
   *[other] { $orgs } organisations
} with { $members } active members in all.
federation-org = Organisation
federation-kind = Kind
federation-country = Country
federation-members = Active members

error-400 = The request could not be understood.
error-401 = Please log in first.
error-403 = You do not have access to this page.
error-404 = This page does not exist.
error-405 = This action is not possible here.
error-413 = What was sent is too large.
error-415 = This kind of content is not accepted here.
error-429 = Too many attempts. Please wait 15 minutes and try again.
error-500 = Something went wrong on our side. Please try again later.
error-invalid = Some values are not acceptable.
error-session-expired = Your session has expired or the form is too old. Please go back, reload the page and try again.
error-utf8 = The text sent is not valid UTF-8.
error-not-a-form = Please send this from the form.
error-json-content-type = Send JSON with the header Content-Type: application/json.
error-json-syntax = The JSON could not be read.
error-json-data = The JSON has a field that is missing, unknown or of the wrong type.
error-password-not-here = A password cannot be changed here.
error-unknown-language = This language is not available.
error-in-progress = The same request is still being handled. Please wait a moment.
error-go-home = Go to the home page
