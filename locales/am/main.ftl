tagline = ቴጂዶ በቤት ውስጥ የሚሠሩ ሠራተኞች የኅብረት ሥራ ማኅበራትንና ማኅበራትን አባላት፣ ሂሳብና ሥራ ይይዛል።
language = ቋንቋ
save = አስቀምጥ
saved = ተቀምጧል።
create = ፍጠር
edit = አስተካክል
search = ፈልግ
pages = ገጾች
form-has-errors = አንዳንድ መልሶች መቀየር አለባቸው። ከታች ያሉትን መልእክቶች ይመልከቱ።

nav-login = ግባ
nav-logout = ውጣ
nav-members = አባላት
nav-settings = ቅንብሮች
nav-federation = አባል ድርጅቶች

home-title = መነሻ
home-hello = እንኳን ደህና መጡ፣ { $name }
home-your-orgs = የእርስዎ ድርጅቶች
home-no-orgs = እስካሁን የማንኛውም ድርጅት አባል አይደሉም።
home-all-orgs = በዚህ አገልጋይ ላይ ያሉ ሁሉም ድርጅቶች

login-title = ግባ
login-identifier = ስልክ ቁጥር ወይም ኢሜይል
login-password = የይለፍ ቃል
login-submit = ግባ
login-help = የይለፍ ቃልዎን ረሱ? የድርጅትዎን መሪ አዲስ እንዲያስቀምጡ ይጠይቁ።
login-failed = ይህ ስልክ ቁጥር ወይም ኢሜይል እና የይለፍ ቃል አይዛመዱም።
login-identifier-invalid = ስልክ ቁጥር (ከአገር ኮድ ጋር) ወይም የኢሜይል አድራሻ ይጻፉ።

password-change = የይለፍ ቃል ቀይር
password-current = የአሁኑ የይለፍ ቃል
password-new = አዲስ የይለፍ ቃል
password-confirm = አዲሱ የይለፍ ቃል እንደገና
password-changed = የይለፍ ቃልዎ ተቀይሯል።
password-wrong = የአሁኑ የይለፍ ቃል ትክክል አይደለም።
password-too-short = የይለፍ ቃል ቢያንስ 8 ፊደላት ሊኖረው ይገባል።
password-mismatch = ሁለቱ አዲስ የይለፍ ቃላት አንድ አይደሉም።

role-member = አባል
role-leader = መሪ
role-treasurer = ገንዘብ ያዥ
role-coordinator = አስተባባሪ
role-admin = አስተዳዳሪ

status-applicant = አመልካች
status-active = ንቁ
status-suspended = የታገደ
status-exited = የለቀቀ

kind-cooperative = የኅብረት ሥራ ማኅበር
kind-producer-group = የአምራቾች ቡድን
kind-self-help-group = የራስ አገዝ ቡድን
kind-union = የሠራተኛ ማኅበር
kind-association = ማኅበር
kind-federation = ፌዴሬሽን
kind-network = ኔትወርክ

dashboard-your-roles = የእርስዎ ሚናዎች
dashboard-federation-view = ይህንን ድርጅት የፌዴሬሽኑ ሠራተኛ ሆነው ያያሉ፤ ድምሮችን ብቻ።
dashboard-operator-view = ይህንን ድርጅት የአገልጋዩ ኦፕሬተር ሆነው ያያሉ።
dashboard-my-profile = የእኔ መገለጫ

members-count = { $count ->
    [one] { $n } አባል
   *[other] { $n } አባላት
}
members-search = ስም፣ ስልክ ወይም የአባል ቁጥር
members-none = የሚዛመድ አባል የለም።
page-previous = ቀዳሚ
page-next = ቀጣይ
page-of = ገጽ { $page } ከ { $pages }

member-add = አባል ጨምር
member-edit = አባልን አስተካክል
member-name = ሙሉ ስም
member-phone = ስልክ ቁጥር
member-email = ኢሜይል
member-number = የአባል ቁጥር
member-number-auto = ቀጣዩን ቁጥር ለመስጠት ባዶ ይተዉት።
member-trade = ሙያ
member-locality = ቀበሌ ወይም ሰፈር
member-status = ሁኔታ
member-roles = ሚናዎች
member-joined = አባል ከሆነችበት
member-password = የመጀመሪያ የይለፍ ቃል (አማራጭ)
member-password-help = በስልክ ቁጥሯና በዚህ የይለፍ ቃል መግባት ትችላለች፣ በኋላም ልትቀይረው ትችላለች።
member-name-invalid = ስሟን ይጻፉ (እስከ 120 ፊደላት)።
member-phone-invalid = ከ7 እስከ 15 አኃዝ ያለው ስልክ ቁጥር ከአገር ኮድ ጋር ይጻፉ።
member-email-invalid = ይህ የኢሜይል አድራሻ አይደለም።
member-email-taken = ይህንን ኢሜይል ሌላ ሰው ይጠቀምበታል።
member-contact-taken = ይህንን ስልክ ቁጥር ወይም ኢሜይል ሌላ ሰው ይጠቀምበታል።
member-number-invalid = የአባል ቁጥር እስከ 20 ፊደላት፣ አኃዞች፣ - ወይም / ሊኖረው ይችላል።
member-number-taken = ይህ ቁጥር የሌላ አባል ነው።
member-status-invalid = ከዝርዝሩ ሁኔታ ይምረጡ።
member-role-invalid = ከዝርዝሩ ሚናዎችን ይምረጡ።
member-text-too-long = ቢበዛ 80 ፊደላት።
member-already-here = ይህ ሰው ቀድሞውኑ የዚህ ድርጅት አባል ነው።

bylaws-title = መተዳደሪያ ደንብ
bylaws-par-value = የአንድ አክሲዮን ዋጋ
bylaws-min-shares = ለእያንዳንዱ አባል ዝቅተኛ አክሲዮን
bylaws-quorum = የጠቅላላ ጉባኤ ምልአተ ጉባኤ (በመቶ)
bylaws-reserve = ከትርፍ ለመጠባበቂያ ፈንድ የሚሄድ ድርሻ (በመቶ)

org-new = አዲስ ድርጅት
org-slug = ለድር አድራሻ አጭር ስም
org-name = ስም
org-kind = የድርጅቱ ዓይነት
org-country = የአገር ኮድ (ሁለት ፊደላት፣ ለምሳሌ ET)
org-currency = ገንዘብ
org-languages = ቋንቋዎች
org-parents = አባል የሆነበት (የፌዴሬሽን ወይም የኔትወርክ አጭር ስሞች፣ በኮማ የተለዩ)
org-member-of = አባል የሆነበት
org-slug-invalid = ከ2 እስከ 40 ትናንሽ የላቲን ፊደላት፣ አኃዞች ወይም - ይጠቀሙ፣ በፊደል ይጀምሩ።
org-slug-taken = ይህንን አጭር ስም ሌላ ድርጅት ይጠቀምበታል።
org-name-invalid = ስሙን ይጻፉ (እስከ 120 ፊደላት)።
org-kind-invalid = ከዝርዝሩ ዓይነት ይምረጡ።
org-country-invalid = የሁለት ፊደል የአገር ኮድ ይጻፉ፣ ለምሳሌ IN፣ PH፣ ET ወይም BR።
org-currency-invalid = ከዝርዝሩ ገንዘብ ይምረጡ።
org-languages-invalid = ቢያንስ አንድ ቋንቋ ይምረጡ።
org-par-invalid = የአክሲዮኑን ዋጋ እንደ መጠን ይጻፉ፣ ለምሳሌ 100 ወይም 100.50።
org-min-shares-invalid = ሙሉ የአክሲዮን ቁጥር ይጻፉ።
org-percent-invalid = ከ0 እስከ 100 ሙሉ ቁጥር ይጻፉ።
org-parent-invalid = እያንዳንዱ አጭር ስም በዚህ አገልጋይ ላይ ያለ ፌዴሬሽን ወይም ኔትወርክ መሆን አለበት።

federation-summary = { $orgs ->
    [one] አንድ ድርጅት
   *[other] { $orgs } ድርጅቶች
}፣ በአጠቃላይ { $members } ንቁ አባላት።
federation-org = ድርጅት
federation-kind = ዓይነት
federation-country = አገር
federation-members = ንቁ አባላት

error-400 = ጥያቄው አልተረዳም።
error-401 = እባክዎ መጀመሪያ ይግቡ።
error-403 = ይህንን ገጽ ለማየት ፈቃድ የለዎትም።
error-404 = ይህ ገጽ የለም።
error-405 = ይህ ተግባር እዚህ አይቻልም።
error-413 = የተላከው በጣም ትልቅ ነው።
error-415 = እንዲህ ዓይነቱ ይዘት እዚህ ተቀባይነት የለውም።
error-429 = በጣም ብዙ ሙከራዎች። እባክዎ 15 ደቂቃ ጠብቀው እንደገና ይሞክሩ።
error-500 = በእኛ በኩል ችግር ተፈጥሯል። እባክዎ ቆይተው እንደገና ይሞክሩ።
error-invalid = አንዳንድ እሴቶች ተቀባይነት የላቸውም።
error-session-expired = ክፍለ ጊዜዎ አብቅቷል ወይም ቅጹ አርጅቷል። እባክዎ ይመለሱ፣ ገጹን እንደገና ይጫኑና ይሞክሩ።
error-utf8 = የተላከው ጽሑፍ ትክክለኛ UTF-8 አይደለም።
error-not-a-form = እባክዎ ይህንን ከቅጹ ይላኩ።
error-json-content-type = JSON በ Content-Type: application/json ራስጌ ይላኩ።
error-json-syntax = JSON ሊነበብ አልቻለም።
error-json-data = JSON ውስጥ የጎደለ፣ ያልታወቀ ወይም የተሳሳተ ዓይነት መስክ አለ።
error-password-not-here = የይለፍ ቃል እዚህ ሊቀየር አይችልም።
error-unknown-language = ይህ ቋንቋ አይገኝም።
error-in-progress = ያው ጥያቄ አሁንም እየተስተናገደ ነው። እባክዎ ትንሽ ይጠብቁ።
error-go-home = ወደ መነሻ ገጽ ይሂዱ
