tagline = तेजीदो घर-आधारित कामगारों की सहकारी समितियों और यूनियनों के सदस्य, हिसाब-किताब और काम संभालता है।
language = भाषा
save = सहेजें
saved = सहेज लिया गया।
create = बनाएँ
edit = बदलें
search = खोजें
pages = पन्ने
form-has-errors = कुछ जवाब बदलने होंगे। नीचे संदेश देखें।

nav-login = लॉग इन
nav-logout = लॉग आउट
nav-members = सदस्य
nav-settings = सेटिंग्स
nav-federation = सदस्य संगठन

home-title = मुख्य पन्ना
home-hello = स्वागत है, { $name }
home-your-orgs = आपके संगठन
home-no-orgs = आप अभी किसी संगठन की सदस्य नहीं हैं।
home-all-orgs = इस सर्वर के सभी संगठन

login-title = लॉग इन
login-identifier = फ़ोन नंबर या ईमेल
login-password = पासवर्ड
login-submit = लॉग इन करें
login-help = पासवर्ड भूल गईं? अपने संगठन की किसी लीडर से नया पासवर्ड रखवाएँ।
login-failed = यह फ़ोन नंबर या ईमेल और पासवर्ड मेल नहीं खाते।
login-identifier-invalid = देश कोड के साथ फ़ोन नंबर या ईमेल पता लिखें।

password-change = पासवर्ड बदलें
password-current = अभी का पासवर्ड
password-new = नया पासवर्ड
password-confirm = नया पासवर्ड दोबारा
password-changed = आपका पासवर्ड बदल दिया गया है।
password-wrong = अभी का पासवर्ड सही नहीं है।
password-too-short = पासवर्ड में कम से कम 8 अक्षर होने चाहिए।
password-mismatch = दोनों नए पासवर्ड एक जैसे नहीं हैं।

role-member = सदस्य
role-leader = लीडर
role-treasurer = कोषाध्यक्ष
role-coordinator = संयोजक
role-admin = प्रशासक

status-applicant = आवेदक
status-active = सक्रिय
status-suspended = निलंबित
status-exited = बाहर हो चुकी

kind-cooperative = सहकारी समिति
kind-producer-group = उत्पादक समूह
kind-self-help-group = स्वयं सहायता समूह
kind-union = यूनियन
kind-association = संघ
kind-federation = फ़ेडरेशन
kind-network = नेटवर्क

dashboard-your-roles = आपकी भूमिकाएँ
dashboard-federation-view = आप यह संगठन उसके फ़ेडरेशन की कर्मचारी के रूप में देख रही हैं: केवल कुल आँकड़े।
dashboard-operator-view = आप यह संगठन सर्वर संचालक के रूप में देख रहे हैं।
dashboard-my-profile = मेरी प्रोफ़ाइल

members-count = { $count ->
    [one] { $n } सदस्य
   *[other] { $n } सदस्य
}
members-search = नाम, फ़ोन या सदस्य नंबर
members-none = कोई सदस्य नहीं मिली।
page-previous = पिछला
page-next = अगला
page-of = पन्ना { $page } / { $pages }

member-add = सदस्य जोड़ें
member-edit = सदस्य की जानकारी बदलें
member-name = पूरा नाम
member-phone = फ़ोन नंबर
member-email = ईमेल
member-number = सदस्य नंबर
member-number-auto = अगला नंबर अपने आप देने के लिए खाली छोड़ें।
member-trade = काम
member-locality = गाँव या मोहल्ला
member-status = स्थिति
member-roles = भूमिकाएँ
member-joined = सदस्य कब से
member-password = पहला पासवर्ड (वैकल्पिक)
member-password-help = वह अपने फ़ोन नंबर और इस पासवर्ड से लॉग इन कर सकती है, और बाद में इसे बदल सकती है।
member-name-invalid = उसका नाम लिखें (ज़्यादा से ज़्यादा 120 अक्षर)।
member-phone-invalid = देश कोड के साथ 7 से 15 अंकों का फ़ोन नंबर लिखें।
member-email-invalid = यह ईमेल पता नहीं है।
member-email-taken = यह ईमेल कोई और व्यक्ति पहले से इस्तेमाल करता है।
member-contact-taken = यह फ़ोन नंबर या ईमेल कोई और व्यक्ति पहले से इस्तेमाल करता है।
member-number-invalid = सदस्य नंबर में 20 तक अक्षर, अंक, - या / हो सकते हैं।
member-number-taken = यह नंबर किसी और सदस्य का है।
member-status-invalid = सूची में से स्थिति चुनें।
member-role-invalid = सूची में से भूमिकाएँ चुनें।
member-text-too-long = ज़्यादा से ज़्यादा 80 अक्षर।
member-already-here = यह व्यक्ति पहले से इस संगठन की सदस्य है।

bylaws-title = उपनियम
bylaws-par-value = एक शेयर का मूल्य
bylaws-min-shares = प्रति सदस्य कम से कम शेयर
bylaws-quorum = आम सभा का कोरम (प्रतिशत)
bylaws-reserve = अधिशेष का आरक्षित निधि में हिस्सा (प्रतिशत)

org-new = नया संगठन
org-slug = वेब पते के लिए छोटा नाम
org-name = नाम
org-kind = संगठन का प्रकार
org-country = देश कोड (दो अक्षर, जैसे IN)
org-currency = मुद्रा
org-languages = भाषाएँ
org-parents = किसका सदस्य है (फ़ेडरेशन या नेटवर्क के छोटे नाम, कॉमा से अलग)
org-member-of = सदस्य है
org-slug-invalid = 2 से 40 छोटे अंग्रेज़ी अक्षर, अंक या - लिखें, शुरुआत अक्षर से।
org-slug-taken = यह छोटा नाम कोई और संगठन इस्तेमाल करता है।
org-name-invalid = नाम लिखें (ज़्यादा से ज़्यादा 120 अक्षर)।
org-kind-invalid = सूची में से प्रकार चुनें।
org-country-invalid = दो अक्षरों का देश कोड लिखें, जैसे IN, PH, ET या BR।
org-currency-invalid = सूची में से मुद्रा चुनें।
org-languages-invalid = कम से कम एक भाषा चुनें।
org-par-invalid = शेयर का मूल्य रकम के रूप में लिखें, जैसे 100 या 100.50।
org-min-shares-invalid = शेयरों की पूरी संख्या लिखें।
org-percent-invalid = 0 से 100 तक की पूरी संख्या लिखें।
org-parent-invalid = हर छोटा नाम इस सर्वर पर किसी फ़ेडरेशन या नेटवर्क का होना चाहिए।

federation-summary = { $orgs ->
    [one] एक संगठन
   *[other] { $orgs } संगठन
}, कुल { $members } सक्रिय सदस्य।
federation-org = संगठन
federation-kind = प्रकार
federation-country = देश
federation-members = सक्रिय सदस्य

error-400 = अनुरोध समझ में नहीं आया।
error-401 = कृपया पहले लॉग इन करें।
error-403 = आपको यह पन्ना देखने की अनुमति नहीं है।
error-404 = यह पन्ना मौजूद नहीं है।
error-405 = यहाँ यह काम नहीं हो सकता।
error-413 = भेजी गई सामग्री बहुत बड़ी है।
error-415 = यहाँ इस तरह की सामग्री स्वीकार नहीं होती।
error-429 = बहुत ज़्यादा कोशिशें। कृपया 15 मिनट रुककर फिर कोशिश करें।
error-500 = हमारी तरफ़ कुछ गड़बड़ हुई। कृपया बाद में फिर कोशिश करें।
error-invalid = कुछ मान स्वीकार करने लायक नहीं हैं।
error-session-expired = आपका सत्र खत्म हो गया है या फ़ॉर्म पुराना है। कृपया वापस जाएँ, पन्ना फिर से खोलें और दोबारा कोशिश करें।
error-utf8 = भेजा गया पाठ मान्य UTF-8 नहीं है।
error-not-a-form = कृपया इसे फ़ॉर्म से भेजें।
error-json-content-type = JSON को Content-Type: application/json हेडर के साथ भेजें।
error-json-syntax = JSON पढ़ा नहीं जा सका।
error-json-data = JSON में कोई फ़ील्ड गायब है, अनजान है या गलत प्रकार का है।
error-password-not-here = पासवर्ड यहाँ नहीं बदला जा सकता।
error-unknown-language = यह भाषा उपलब्ध नहीं है।
error-in-progress = यही अनुरोध अभी चल रहा है। कृपया थोड़ा रुकें।
error-go-home = मुख्य पन्ने पर जाएँ
