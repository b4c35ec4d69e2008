tagline = Iniingatan ng Tejido ang mga kasapi, libro ng pananalapi at gawain ng mga kooperatiba at unyon ng mga manggagawang nasa bahay.
language = Wika
save = I-save
saved = Na-save na.
create = Gumawa
edit = Baguhin
search = Maghanap
pages = Mga pahina
form-has-errors = May ilang sagot na kailangang baguhin. Tingnan ang mga mensahe sa ibaba.

nav-login = Mag-log in
nav-logout = Mag-log out
nav-members = Mga kasapi
nav-settings = Mga setting
nav-federation = Mga kasaping organisasyon

home-title = Simula
home-hello = Maligayang pagdating, { $name }
home-your-orgs = Ang iyong mga organisasyon
home-no-orgs = Hindi ka pa kasapi ng anumang organisasyon.
home-all-orgs = Lahat ng organisasyon sa server na ito

login-title = Mag-log in
login-identifier = Numero ng telepono o email
login-password = Password
login-submit = Mag-log in
login-help = Nakalimutan ang password? Hilingin sa isang lider ng iyong organisasyon na maglagay ng bago.
login-failed = Hindi magkatugma ang numero ng telepono o email at ang password.
login-identifier-invalid = Isulat ang numero ng telepono (kasama ang country code) o isang email address.

password-change = Palitan ang password
password-current = Kasalukuyang password
password-new = Bagong password
password-confirm = Bagong password ulit
password-changed = Napalitan na ang iyong password.
password-wrong = Mali ang kasalukuyang password.
password-too-short = Kailangan ng password ng hindi bababa sa 8 titik.
password-mismatch = Hindi pareho ang dalawang bagong password.

role-member = Kasapi
role-leader = Lider
role-treasurer = Ingat-yaman
role-coordinator = Koordineytor
role-admin = Tagapangasiwa

status-applicant = Aplikante
status-active = Aktibo
status-suspended = Suspendido
status-exited = Umalis na

kind-cooperative = Kooperatiba
kind-producer-group = Grupo ng prodyuser
kind-self-help-group = Grupong nagtutulungan
kind-union = Unyon
kind-association = Samahan
kind-federation = Pederasyon
kind-network = Network

dashboard-your-roles = Ang iyong mga tungkulin
dashboard-federation-view = Nakikita mo ang organisasyong ito bilang kawani ng pederasyon nito: mga kabuuan lamang.
dashboard-operator-view = Nakikita mo ang organisasyong ito bilang operator ng server.
dashboard-my-profile = Aking profile

members-count = { $count ->
    [one] { $n } kasapi
   *[other] { $n } kasapi
}
members-search = Pangalan, telepono o numero ng kasapi
members-none = Walang kasaping tumugma.
page-previous = Nakaraan
page-next = Susunod
page-of = Pahina { $page } ng { $pages }

member-add = Magdagdag ng kasapi
member-edit = Baguhin ang kasapi
member-name = Buong pangalan
member-phone = Numero ng telepono
member-email = Email
member-number = Numero ng kasapi
member-number-auto = Iwanang blangko para ibigay ang susunod na numero.
member-trade = Hanapbuhay
member-locality = Barangay o lugar
member-status = Katayuan
member-roles = Mga tungkulin
member-joined = Kasapi mula
member-password = Unang password (opsyonal)
member-password-help = Makakapag-log in siya gamit ang kanyang numero ng telepono at ang password na ito, at mapapalitan niya ito mamaya.
member-name-invalid = Isulat ang kanyang pangalan (hanggang 120 titik).
member-phone-invalid = Isulat ang numero ng telepono na may 7 hanggang 15 digit, kasama ang country code.
member-email-invalid = Hindi ito email address.
member-email-taken = May ibang tao nang gumagamit ng email na ito.
member-contact-taken = May ibang tao nang gumagamit ng numero o email na ito.
member-number-invalid = Ang numero ng kasapi ay hanggang 20 titik, digit, - o /.
member-number-taken = May ibang kasapi nang may numerong ito.
member-status-invalid = Pumili ng katayuan mula sa listahan.
member-role-invalid = Pumili ng mga tungkulin mula sa listahan.
member-text-too-long = Hanggang 80 titik lamang.
member-already-here = Kasapi na ng organisasyong ito ang taong ito.

bylaws-title = Mga alituntunin (by-laws)
bylaws-par-value = Halaga ng isang share
bylaws-min-shares = Pinakakaunting share bawat kasapi
bylaws-quorum = Korum ng pangkalahatang pulong (porsiyento)
bylaws-reserve = Bahagi ng sobra para sa reserve fund (porsiyento)

org-new = Bagong organisasyon
org-slug = Maikling pangalan para sa web address
org-name = Pangalan
org-kind = Uri ng organisasyon
org-country = Code ng bansa (dalawang titik, gaya ng PH)
org-currency = Pera
org-languages = Mga wika
org-parents = Kasapi ng (maikling pangalan ng pederasyon o network, hinati ng kuwit)
org-member-of = Kasapi ng
org-slug-invalid = Gumamit ng 2 hanggang 40 maliliit na titik, digit o -, nagsisimula sa titik.
org-slug-taken = May ibang organisasyon nang gumagamit ng maikling pangalang ito.
org-name-invalid = Isulat ang pangalan (hanggang 120 titik).
org-kind-invalid = Pumili ng uri mula sa listahan.
org-country-invalid = Isulat ang dalawang-titik na code ng bansa, gaya ng IN, PH, ET o BR.
org-currency-invalid = Pumili ng pera mula sa listahan.
org-languages-invalid = Pumili ng kahit isang wika.
org-par-invalid = Isulat ang halaga ng share bilang halaga, gaya ng 100 o 100.50.
org-min-shares-invalid = Isulat ang buong bilang ng share.
org-percent-invalid = Isulat ang buong bilang mula 0 hanggang 100.
org-parent-invalid = Bawat maikling pangalan ay dapat pederasyon o network sa server na ito.

federation-summary = { $orgs ->
    [one] Isang organisasyon
   *[other] { $orgs } organisasyon
} na may kabuuang { $members } aktibong kasapi.
federation-org = Organisasyon
federation-kind = Uri
federation-country = Bansa
federation-members = Aktibong kasapi

error-400 = Hindi maintindihan ang kahilingan.
error-401 = Mag-log in muna.
error-403 = Wala kang pahintulot na makita ang pahinang ito.
error-404 = Walang ganitong pahina.
error-405 = Hindi puwede ang gawaing ito rito.
error-413 = Masyadong malaki ang ipinadala.
error-415 = Hindi tinatanggap dito ang ganitong uri ng nilalaman.
error-429 = Masyadong maraming pagsubok. Maghintay ng 15 minuto at subukang muli.
error-500 = May nagkaproblema sa aming panig. Subukang muli mamaya.
error-invalid = May mga halagang hindi matatanggap.
error-session-expired = Nag-expire na ang iyong session o luma na ang form. Bumalik, i-reload ang pahina at subukang muli.
error-utf8 = Hindi wastong UTF-8 ang ipinadalang teksto.
error-not-a-form = Ipadala ito mula sa form.
error-json-content-type = Magpadala ng JSON na may header na Content-Type: application/json.
error-json-syntax = Hindi mabasa ang JSON.
error-json-data = May field sa JSON na kulang, hindi kilala o mali ang uri.
error-password-not-here = Hindi mapapalitan dito ang password.
error-unknown-language = Hindi available ang wikang ito.
error-in-progress = Inaasikaso pa ang parehong kahilingan. Maghintay sandali.
error-go-home = Pumunta sa simula
