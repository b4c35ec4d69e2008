tagline = તેજીદો ઘર-આધારિત કામદારોની સહકારી મંડળીઓ અને યુનિયનોના સભ્યો, હિસાબ અને કામ સાચવે છે.
language = ભાષા
save = સાચવો
saved = સાચવી લીધું.
create = બનાવો
edit = ફેરફાર કરો
search = શોધો
pages = પાનાં
form-has-errors = કેટલાક જવાબો બદલવા પડશે. નીચેના સંદેશા જુઓ.

nav-login = લૉગ ઇન
nav-logout = લૉગ આઉટ
nav-members = સભ્યો
nav-settings = સેટિંગ્સ
nav-federation = સભ્ય સંગઠનો

home-title = મુખ્ય પાનું
home-hello = સ્વાગત છે, { $name }
home-your-orgs = તમારાં સંગઠનો
home-no-orgs = તમે હજી કોઈ સંગઠનનાં સભ્ય નથી.
home-all-orgs = આ સર્વર પરનાં બધાં સંગઠનો

login-title = લૉગ ઇન
login-identifier = ફોન નંબર અથવા ઇમેઇલ
login-password = પાસવર્ડ
login-submit = લૉગ ઇન કરો
login-help = પાસવર્ડ ભૂલી ગયાં? તમારા સંગઠનનાં કોઈ આગેવાનને નવો પાસવર્ડ મૂકવા કહો.
login-failed = આ ફોન નંબર કે ઇમેઇલ અને પાસવર્ડ મેળ ખાતા નથી.
login-identifier-invalid = દેશના કોડ સાથે ફોન નંબર અથવા ઇમેઇલ સરનામું લખો.

password-change = પાસવર્ડ બદલો
password-current = હાલનો પાસવર્ડ
password-new = નવો પાસવર્ડ
password-confirm = નવો પાસવર્ડ ફરીથી
password-changed = તમારો પાસવર્ડ બદલાઈ ગયો છે.
password-wrong = હાલનો પાસવર્ડ સાચો નથી.
password-too-short = પાસવર્ડમાં ઓછામાં ઓછા 8 અક્ષર જોઈએ.
password-mismatch = બંને નવા પાસવર્ડ સરખા નથી.

role-member = સભ્ય
role-leader = આગેવાન
role-treasurer = ખજાનચી
role-coordinator = સંયોજક
role-admin = વ્યવસ્થાપક

status-applicant = અરજદાર
status-active = સક્રિય
status-suspended = સસ્પેન્ડ
status-exited = છૂટાં થયેલાં

kind-cooperative = સહકારી મંડળી
kind-producer-group = ઉત્પાદક જૂથ
kind-self-help-group = સ્વસહાય જૂથ
kind-union = યુનિયન
kind-association = મંડળ
kind-federation = ફેડરેશન
kind-network = નેટવર્ક

dashboard-your-roles = તમારી ભૂમિકાઓ
dashboard-federation-view = તમે આ સંગઠનને તેના ફેડરેશનનાં કર્મચારી તરીકે જુઓ છો: માત્ર કુલ આંકડા.
dashboard-operator-view = તમે આ સંગઠનને સર્વરના સંચાલક તરીકે જુઓ છો.
dashboard-my-profile = મારી પ્રોફાઇલ

members-count = { $count ->
    [one] { $n } સભ્ય
   *[other] { $n } સભ્યો
}
members-search = નામ, ફોન અથવા સભ્ય નંબર
members-none = કોઈ સભ્ય મળ્યાં નહીં.
page-previous = પાછળ
page-next = આગળ
page-of = પાનું { $page } / { $pages }

member-add = સભ્ય ઉમેરો
member-edit = સભ્યની વિગત બદલો
member-name = પૂરું નામ
member-phone = ફોન નંબર
member-email = ઇમેઇલ
member-number = સભ્ય નંબર
member-number-auto = આગળનો નંબર આપોઆપ આપવા ખાલી રાખો.
member-trade = કામ
member-locality = ગામ અથવા વિસ્તાર
member-status = સ્થિતિ
member-roles = ભૂમિકાઓ
member-joined = ક્યારથી સભ્ય
member-password = પહેલો પાસવર્ડ (મરજિયાત)
member-password-help = તે પોતાના ફોન નંબર અને આ પાસવર્ડથી લૉગ ઇન કરી શકે, અને પછી તેને બદલી શકે.
member-name-invalid = તેમનું નામ લખો (વધુમાં વધુ 120 અક્ષર).
member-phone-invalid = દેશના કોડ સાથે 7 થી 15 અંકનો ફોન નંબર લખો.
member-email-invalid = આ ઇમેઇલ સરનામું નથી.
member-email-taken = આ ઇમેઇલ બીજી કોઈ વ્યક્તિ વાપરે છે.
member-contact-taken = આ ફોન નંબર કે ઇમેઇલ બીજી કોઈ વ્યક્તિ વાપરે છે.
member-number-invalid = સભ્ય નંબરમાં 20 સુધી અક્ષર, અંક, - અથવા / હોઈ શકે.
member-number-taken = આ નંબર બીજાં સભ્યનો છે.
member-status-invalid = યાદીમાંથી સ્થિતિ પસંદ કરો.
member-role-invalid = યાદીમાંથી ભૂમિકાઓ પસંદ કરો.
member-text-too-long = વધુમાં વધુ 80 અક્ષર.
member-already-here = આ વ્યક્તિ પહેલેથી આ સંગઠનનાં સભ્ય છે.

bylaws-title = પેટાનિયમો
bylaws-par-value = એક શેરની કિંમત
bylaws-min-shares = સભ્ય દીઠ ઓછામાં ઓછા શેર
bylaws-quorum = સામાન્ય સભાનું કોરમ (ટકા)
bylaws-reserve = નફામાંથી અનામત ફંડનો ભાગ (ટકા)

org-new = નવું સંગઠન
org-slug = વેબ સરનામા માટે ટૂંકું નામ
org-name = નામ
org-kind = સંગઠનનો પ્રકાર
org-country = દેશનો કોડ (બે અક્ષર, જેમ કે IN)
org-currency = ચલણ
org-languages = ભાષાઓ
org-parents = કોનું સભ્ય છે (ફેડરેશન કે નેટવર્કનાં ટૂંકાં નામ, અલ્પવિરામથી જુદાં)
org-member-of = સભ્ય છે
org-slug-invalid = 2 થી 40 નાના અંગ્રેજી અક્ષર, અંક અથવા - લખો, શરૂઆત અક્ષરથી.
org-slug-taken = આ ટૂંકું નામ બીજું સંગઠન વાપરે છે.
org-name-invalid = નામ લખો (વધુમાં વધુ 120 અક્ષર).
org-kind-invalid = યાદીમાંથી પ્રકાર પસંદ કરો.
org-country-invalid = બે અક્ષરનો દેશનો કોડ લખો, જેમ કે IN, PH, ET અથવા BR.
org-currency-invalid = યાદીમાંથી ચલણ પસંદ કરો.
org-languages-invalid = ઓછામાં ઓછી એક ભાષા પસંદ કરો.
org-par-invalid = શેરની કિંમત રકમ તરીકે લખો, જેમ કે 100 અથવા 100.50.
org-min-shares-invalid = શેરની પૂરી સંખ્યા લખો.
org-percent-invalid = 0 થી 100 સુધીની પૂરી સંખ્યા લખો.
org-parent-invalid = દરેક ટૂંકું નામ આ સર્વર પરના ફેડરેશન કે નેટવર્કનું હોવું જોઈએ.

federation-summary = { $orgs ->
    [one] એક સંગઠન
   *[other] { $orgs } સંગઠનો
}, કુલ { $members } સક્રિય સભ્યો.
federation-org = સંગઠન
federation-kind = પ્રકાર
federation-country = દેશ
federation-members = સક્રિય સભ્યો

error-400 = વિનંતી સમજાઈ નહીં.
error-401 = કૃપા કરીને પહેલાં લૉગ ઇન કરો.
error-403 = તમને આ પાનું જોવાની પરવાનગી નથી.
error-404 = આ પાનું અસ્તિત્વમાં નથી.
error-405 = અહીં આ કામ થઈ શકતું નથી.
error-413 = મોકલેલી સામગ્રી બહુ મોટી છે.
error-415 = અહીં આ પ્રકારની સામગ્રી સ્વીકારાતી નથી.
error-429 = બહુ વધારે પ્રયત્નો. કૃપા કરીને 15 મિનિટ રાહ જોઈ ફરી પ્રયત્ન કરો.
error-500 = અમારી બાજુ કંઈક ખોટું થયું. કૃપા કરીને પછી ફરી પ્રયત્ન કરો.
error-invalid = કેટલીક કિંમતો સ્વીકાર્ય નથી.
error-session-expired = તમારું સત્ર પૂરું થયું છે અથવા ફોર્મ જૂનું છે. કૃપા કરીને પાછાં જાઓ, પાનું ફરી ખોલો અને ફરી પ્રયત્ન કરો.
error-utf8 = મોકલેલું લખાણ માન્ય UTF-8 નથી.
error-not-a-form = કૃપા કરીને આ ફોર્મમાંથી મોકલો.
error-json-content-type = JSON ને Content-Type: application/json હેડર સાથે મોકલો.
error-json-syntax = JSON વાંચી શકાયું નહીં.
error-json-data = JSON માં કોઈ ફીલ્ડ ખૂટે છે, અજાણ્યું છે અથવા ખોટા પ્રકારનું છે.
error-password-not-here = પાસવર્ડ અહીં બદલી શકાતો નથી.
error-unknown-language = આ ભાષા ઉપલબ્ધ નથી.
error-in-progress = આ જ વિનંતી હજી ચાલે છે. કૃપા કરીને થોડી રાહ જુઓ.
error-go-home = મુખ્ય પાને જાઓ
