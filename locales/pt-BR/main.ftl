tagline = O Tejido cuida das sócias, das contas e do trabalho de cooperativas e sindicatos de trabalhadoras em domicílio.
language = Idioma
save = Salvar
saved = Salvo.
create = Criar
edit = Editar
search = Buscar
pages = Páginas
form-has-errors = Algumas respostas precisam ser corrigidas. Veja as mensagens abaixo.

nav-login = Entrar
nav-logout = Sair
nav-members = Sócias
nav-settings = Configurações
nav-federation = Organizações filiadas

home-title = Início
home-hello = Bem-vinda, { $name }
home-your-orgs = Suas organizações
home-no-orgs = Você ainda não pertence a nenhuma organização.
home-all-orgs = Todas as organizações deste servidor

login-title = Entrar
login-identifier = Telefone ou e-mail
login-password = Senha
login-submit = Entrar
login-help = Esqueceu a senha? Peça a uma dirigente da sua organização para criar uma nova.
login-failed = Esse telefone ou e-mail e a senha não conferem.
login-identifier-invalid = Escreva um telefone (com o código do país) ou um endereço de e-mail.

password-change = Trocar a senha
password-current = Senha atual
password-new = Nova senha
password-confirm = Repita a nova senha
password-changed = Sua senha foi trocada.
password-wrong = A senha atual não está certa.
password-too-short = A senha precisa ter pelo menos 8 caracteres.
password-mismatch = As duas novas senhas não são iguais.

role-member = Sócia
role-leader = Dirigente
role-treasurer = Tesoureira
role-coordinator = Coordenadora
role-admin = Administradora

status-applicant = Candidata
status-active = Ativa
status-suspended = Suspensa
status-exited = Desligada

kind-cooperative = Cooperativa
kind-producer-group = Grupo de produtoras
kind-self-help-group = Grupo de ajuda mútua
kind-union = Sindicato
kind-association = Associação
kind-federation = Federação
kind-network = Rede

dashboard-your-roles = Suas funções
dashboard-federation-view = Você vê esta organização como equipe da sua federação: só totais.
dashboard-operator-view = Você vê esta organização como operador do servidor.
dashboard-my-profile = Meu cadastro

members-count = { $count ->
    [one] { $n } sócia
   *[other] { $n } sócias
}
members-search = Nome, telefone ou número de sócia
members-none = Nenhuma sócia encontrada.
page-previous = Anterior
page-next = Próxima
page-of = Página { $page } de { $pages }

member-add = Adicionar sócia
member-edit = Editar sócia
member-name = Nome completo
member-phone = Telefone
member-email = E-mail
member-number = Número de sócia
member-number-auto = Deixe em branco para dar o próximo número.
member-trade = Ofício
member-locality = Comunidade ou bairro
member-status = Situação
member-roles = Funções
member-joined = Sócia desde
member-password = Primeira senha (opcional)
member-password-help = Ela poderá entrar com o telefone e esta senha, e trocá-la depois.
member-name-invalid = Escreva o nome dela (no máximo 120 letras).
member-phone-invalid = Escreva um telefone de 7 a 15 dígitos, com o código do país.
member-email-invalid = Isto não é um endereço de e-mail.
member-email-taken = Outra pessoa já usa este e-mail.
member-contact-taken = Outra pessoa já usa este telefone ou e-mail.
member-number-invalid = O número de sócia tem até 20 letras, dígitos, - ou /.
member-number-taken = Outra sócia já tem este número.
member-status-invalid = Escolha uma situação da lista.
member-role-invalid = Escolha funções da lista.
member-text-too-long = No máximo 80 letras.
member-already-here = Esta pessoa já é sócia desta organização.

bylaws-title = Estatuto
bylaws-par-value = Valor de uma quota-parte
bylaws-min-shares = Mínimo de quotas por sócia
bylaws-quorum = Quórum da assembleia geral (por cento)
bylaws-reserve = Parte das sobras para o fundo de reserva (por cento)

org-new = Nova organização
org-slug = Nome curto para o endereço na web
org-name = Nome
org-kind = Tipo de organização
org-country = Código do país (duas letras, como BR)
org-currency = Moeda
org-languages = Idiomas
org-parents = Filiada a (nomes curtos de federações ou redes, separados por vírgulas)
org-member-of = Filiada a
org-slug-invalid = Use de 2 a 40 letras minúsculas, dígitos ou -, começando com uma letra.
org-slug-taken = Outra organização já usa este nome curto.
org-name-invalid = Escreva o nome (no máximo 120 letras).
org-kind-invalid = Escolha um tipo da lista.
org-country-invalid = Escreva o código de duas letras do país, como IN, PH, ET ou BR.
org-currency-invalid = Escolha uma moeda da lista.
org-languages-invalid = Escolha pelo menos um idioma.
org-par-invalid = Escreva o valor da quota como um valor em dinheiro, por exemplo 100 ou 100,50.
org-min-shares-invalid = Escreva um número inteiro de quotas.
org-percent-invalid = Escreva um número inteiro de 0 a 100.
org-parent-invalid = Cada nome curto precisa ser uma federação ou rede deste servidor.

federation-summary = { $orgs ->
    [one] Uma organização
   *[other] { $orgs } organizações
} com { $members } sócias ativas no total.
federation-org = Organização
federation-kind = Tipo
federation-country = País
federation-members = Sócias ativas

error-400 = Não foi possível entender o pedido.
error-401 = Por favor, entre primeiro.
error-403 = Você não tem acesso a esta página.
error-404 = Esta página não existe.
error-405 = Esta ação não é possível aqui.
error-413 = O que foi enviado é grande demais.
error-415 = Este tipo de conteúdo não é aceito aqui.
error-429 = Tentativas demais. Espere 15 minutos e tente de novo.
error-500 = Algo deu errado do nosso lado. Tente de novo mais tarde.
error-invalid = Alguns valores não são aceitáveis.
error-session-expired = Sua sessão expirou ou o formulário está antigo. Volte, recarregue a página e tente de novo.
error-utf8 = O texto enviado não é UTF-8 válido.
error-not-a-form = Envie isto pelo formulário.
error-json-content-type = Envie JSON com o cabeçalho Content-Type: application/json.
error-json-syntax = Não foi possível ler o JSON.
error-json-data = O JSON tem um campo que falta, é desconhecido ou tem o tipo errado.
error-password-not-here = A senha não pode ser trocada aqui.
error-unknown-language = Este idioma não está disponível.
error-in-progress = O mesmo pedido ainda está sendo atendido. Espere um momento.
error-go-home = Ir para o início
