tagline = Tejido lleva los socios, las cuentas y el trabajo de cooperativas y sindicatos de trabajadoras a domicilio.
language = Idioma
save = Guardar
saved = Guardado.
create = Crear
edit = Editar
search = Buscar
pages = Páginas
form-has-errors = Algunas respuestas deben cambiarse. Vea los mensajes más abajo.

nav-login = Entrar
nav-logout = Salir
nav-members = Socias
nav-settings = Ajustes
nav-federation = Organizaciones miembro

home-title = Inicio
home-hello = Bienvenida, { $name }
home-your-orgs = Sus organizaciones
home-no-orgs = Todavía no pertenece a ninguna organización.
home-all-orgs = Todas las organizaciones de este servidor

login-title = Entrar
login-identifier = Teléfono o correo electrónico
login-password = Contraseña
login-submit = Entrar
login-help = ¿Olvidó su contraseña? Pida a una dirigente de su organización que le ponga una nueva.
login-failed = Ese teléfono o correo y la contraseña no coinciden.
login-identifier-invalid = Escriba un número de teléfono (con el código del país) o un correo electrónico.

password-change = Cambiar la contraseña
password-current = Contraseña actual
password-new = Contraseña nueva
password-confirm = Repita la contraseña nueva
password-changed = Su contraseña fue cambiada.
password-wrong = La contraseña actual no es correcta.
password-too-short = La contraseña necesita al menos 8 caracteres.
password-mismatch = Las dos contraseñas nuevas no son iguales.

role-member = Socia
role-leader = Dirigente
role-treasurer = Tesorera
role-coordinator = Coordinadora
role-admin = Administradora

status-applicant = Solicitante
status-active = Activa
status-suspended = Suspendida
status-exited = Retirada

kind-cooperative = Cooperativa
kind-producer-group = Grupo de productoras
kind-self-help-group = Grupo de autoayuda
kind-union = Sindicato
kind-association = Asociación
kind-federation = Federación
kind-network = Red

dashboard-your-roles = Sus funciones
dashboard-federation-view = Ve esta organización como personal de su federación: solo totales.
dashboard-operator-view = Ve esta organización como operador del servidor.
dashboard-my-profile = Mi ficha

members-count = { $count ->
    [one] { $n } socia
   *[other] { $n } socias
}
members-search = Nombre, teléfono o número de socia
members-none = Ninguna socia coincide.
page-previous = Anterior
page-next = Siguiente
page-of = Página { $page } de { $pages }

member-add = Añadir una socia
member-edit = Editar socia
member-name = Nombre completo
member-phone = Teléfono
member-email = Correo electrónico
member-number = Número de socia
member-number-auto = Déjelo vacío para dar el número siguiente.
member-trade = Oficio
member-locality = Pueblo o barrio
member-status = Situación
member-roles = Funciones
member-joined = Socia desde
member-password = Primera contraseña (opcional)
member-password-help = Podrá entrar con su teléfono y esta contraseña, y cambiarla después.
member-name-invalid = Escriba su nombre (como máximo 120 letras).
member-phone-invalid = Escriba un teléfono de 7 a 15 cifras, con el código del país.
member-email-invalid = Esto no es un correo electrónico.
member-email-taken = Otra persona ya usa este correo.
member-contact-taken = Otra persona ya usa este teléfono o correo.
member-number-invalid = Un número de socia tiene hasta 20 letras, cifras, - o /.
member-number-taken = Otra socia ya tiene este número.
member-status-invalid = Elija una situación de la lista.
member-role-invalid = Elija funciones de la lista.
member-text-too-long = Como máximo 80 letras.
member-already-here = Esta persona ya es socia de esta organización.

bylaws-title = Estatutos
bylaws-par-value = Valor de una aportación
bylaws-min-shares = Aportaciones mínimas por socia
bylaws-quorum = Quórum de la asamblea general (por ciento)
bylaws-reserve = Parte del excedente para el fondo de reserva (por ciento)

org-new = Nueva organización
org-slug = Nombre corto para la dirección web
org-name = Nombre
org-kind = Tipo de organización
org-country = Código del país (dos letras, como ES)
org-currency = Moneda
org-languages = Idiomas
org-parents = Pertenece a (nombres cortos de federaciones o redes, separados por comas)
org-member-of = Miembro de
org-slug-invalid = Use de 2 a 40 letras minúsculas, cifras o -, empezando por una letra.
org-slug-taken = Otra organización ya usa este nombre corto.
org-name-invalid = Escriba el nombre (como máximo 120 letras).
org-kind-invalid = Elija un tipo de la lista.
org-country-invalid = Escriba el código de país de dos letras, como IN, PH, ET o BR.
org-currency-invalid = Elija una moneda de la lista.
org-languages-invalid = Elija al menos un idioma.
org-par-invalid = Escriba el valor de la aportación como un importe, por ejemplo 100 o 100,50.
org-min-shares-invalid = Escriba un número entero de aportaciones.
org-percent-invalid = Escriba un número entero de 0 a 100.
org-parent-invalid = Cada nombre corto debe ser una federación o red de este servidor.

federation-summary = { $orgs ->
    [one] Una organización
   *[other] { $orgs } organizaciones
} con { $members } socias activas en total.
federation-org = Organización
federation-kind = Tipo
federation-country = País
federation-members = Socias activas

error-400 = No se entendió la petición.
error-401 = Por favor, entre primero.
error-403 = No tiene acceso a esta página.
error-404 = Esta página no existe.
error-405 = Esta acción no es posible aquí.
error-413 = Lo enviado es demasiado grande.
error-415 = Aquí no se acepta este tipo de contenido.
error-429 = Demasiados intentos. Espere 15 minutos y vuelva a intentarlo.
error-500 = Algo falló de nuestro lado. Vuelva a intentarlo más tarde.
error-invalid = Algunos valores no son aceptables.
error-session-expired = Su sesión caducó o el formulario es antiguo. Vuelva atrás, recargue la página e inténtelo de nuevo.
error-utf8 = El texto enviado no es UTF-8 válido.
error-not-a-form = Envíelo desde el formulario.
error-json-content-type = Envíe JSON con la cabecera Content-Type: application/json.
error-json-syntax = No se pudo leer el JSON.
error-json-data = El JSON tiene un campo que falta, es desconocido o es de un tipo equivocado.
error-password-not-here = La contraseña no se puede cambiar aquí.
error-unknown-language = Este idioma no está disponible.
error-in-progress = La misma petición todavía se está atendiendo. Espere un momento.
error-go-home = Ir al inicio
