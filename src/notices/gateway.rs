//! Gateways carry a notice to a phone or a mailbox. One trait, so that a new carrier is
//! a value, not a branch in the sender: a log for development, any SMS service that takes
//! an HTTP request (configured by its address and fields), presets for Africa's Talking
//! and MSG91 (India, with its DLT template ids), and WhatsApp Business template messages.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::Value;

use super::model::Channel;

/// A notice ready to leave: her address, the text in her language, and the template id
/// her country's rules registered for it, if any.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub id: i64,
    pub channel: Channel,
    pub to: String,
    pub text: String,
    pub locale: String,
    pub template_id: Option<String>,
}

/// What a gateway answered for a message it took: its own reference (for receipts) and
/// what the message cost, in the organisation's minor units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub reference: String,
    pub cost_minor: i64,
}

/// Why a message did not leave: worth trying again later, or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    Temporary(String),
    Permanent(String),
}

#[async_trait::async_trait]
pub trait Gateway: Send + Sync {
    /// The name receipts come back under (`/hooks/notices/{name}/receipt`).
    fn name(&self) -> &str;
    fn channel(&self) -> Channel;
    /// What a message costs, known before it is sent (for the monthly budget).
    fn cost(&self) -> i64 {
        0
    }
    async fn send(&self, msg: &Outgoing) -> Result<Sent, SendError>;
}

/// The gateway of each channel; a channel without one keeps its notices queued.
#[derive(Clone, Default)]
pub struct Gateways {
    by_channel: HashMap<Channel, Arc<dyn Gateway>>,
}

impl Gateways {
    pub fn new(list: Vec<Arc<dyn Gateway>>) -> Gateways {
        Gateways {
            by_channel: list.into_iter().map(|g| (g.channel(), g)).collect(),
        }
    }
    pub fn get(&self, channel: Channel) -> Option<&Arc<dyn Gateway>> {
        self.by_channel.get(&channel)
    }
    pub fn channels(&self) -> Vec<Channel> {
        Channel::ALL
            .into_iter()
            .filter(|c| self.by_channel.contains_key(c))
            .collect()
    }

    /// Gateways from their settings, one per channel (see `parse`).
    pub fn from_specs(specs: &[(Channel, &str)]) -> Result<Gateways, String> {
        let mut list = vec![];
        for (channel, spec) in specs {
            if !spec.trim().is_empty() {
                list.push(parse(*channel, spec.trim())?);
            }
        }
        Ok(Gateways::new(list))
    }
}

/// Writes each notice to the log instead of sending it: for development and the demo.
pub struct LogGateway(pub Channel);

#[async_trait::async_trait]
impl Gateway for LogGateway {
    fn name(&self) -> &str {
        "log"
    }
    fn channel(&self) -> Channel {
        self.0
    }
    async fn send(&self, msg: &Outgoing) -> Result<Sent, SendError> {
        tracing::info!(channel = self.0.as_str(), to = %msg.to, text = %msg.text, "notice (log gateway)");
        Ok(Sent {
            reference: format!("log-{}", msg.id),
            cost_minor: 0,
        })
    }
}

/// How a request's body is written.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// `application/x-www-form-urlencoded` fields.
    Form(Vec<(String, String)>),
    /// A JSON document.
    Json(Value),
}

/// One HTTP request that hands a message to a carrier. Strings in the URL, headers and
/// body may hold `{to}` (E.164), `{to_digits}` (without the plus), `{text}`,
/// `{template}`, `{locale}` and `{id}`, filled in for each message.
#[derive(Debug, Clone)]
pub struct HttpGateway {
    pub name: String,
    pub channel: Channel,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Where the carrier's message id is in its JSON answer (a JSON pointer).
    pub reference: Option<String>,
    pub cost_minor: i64,
    client: reqwest::Client,
}

fn fill(template: &str, msg: &Outgoing) -> String {
    template
        .replace("{to_digits}", msg.to.trim_start_matches('+'))
        .replace("{to}", &msg.to)
        .replace("{template}", msg.template_id.as_deref().unwrap_or(""))
        .replace("{locale}", &msg.locale)
        .replace("{id}", &msg.id.to_string())
        .replace("{text}", &msg.text)
}

fn fill_json(v: &Value, msg: &Outgoing) -> Value {
    match v {
        Value::String(s) => Value::String(fill(s, msg)),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill_json(x, msg)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), fill_json(x, msg))).collect()),
        other => other.clone(),
    }
}

impl HttpGateway {
    pub fn new(name: &str, channel: Channel, url: &str, headers: Vec<(String, String)>, body: Body) -> HttpGateway {
        HttpGateway {
            name: name.to_string(),
            channel,
            url: url.to_string(),
            headers,
            body,
            reference: None,
            cost_minor: 0,
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(15))
                .build()
                .unwrap_or_default(),
        }
    }

    /// The request for one message: (address, headers, body), with no I/O.
    pub fn request(&self, msg: &Outgoing) -> (String, Vec<(String, String)>, Body) {
        let headers = self.headers.iter().map(|(k, v)| (k.clone(), fill(v, msg))).collect();
        let body = match &self.body {
            Body::Form(fields) => Body::Form(fields.iter().map(|(k, v)| (k.clone(), fill(v, msg))).collect()),
            Body::Json(v) => Body::Json(fill_json(v, msg)),
        };
        (fill(&self.url, msg), headers, body)
    }
}

#[async_trait::async_trait]
impl Gateway for HttpGateway {
    fn name(&self) -> &str {
        &self.name
    }
    fn channel(&self) -> Channel {
        self.channel
    }
    fn cost(&self) -> i64 {
        self.cost_minor
    }
    async fn send(&self, msg: &Outgoing) -> Result<Sent, SendError> {
        let (url, headers, body) = self.request(msg);
        let mut req = self.client.post(&url);
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        req = match &body {
            Body::Form(fields) => req.form(fields),
            Body::Json(v) => req.json(v),
        };
        let resp = req.send().await.map_err(|e| SendError::Temporary(e.to_string()))?;
        let status = resp.status();
        let text = resp.text().await.unwrap_or_default();
        if status.as_u16() == 429 || status.is_server_error() {
            return Err(SendError::Temporary(format!("{status}")));
        }
        if !status.is_success() {
            return Err(SendError::Permanent(format!(
                "{status}: {}",
                text.chars().take(200).collect::<String>()
            )));
        }
        let reference = self
            .reference
            .as_deref()
            .and_then(|p| {
                serde_json::from_str::<Value>(&text).ok()?.pointer(p).map(|v| match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            })
            .unwrap_or_else(|| format!("{}-{}", self.name, msg.id));
        Ok(Sent {
            reference,
            cost_minor: self.cost_minor,
        })
    }
}

/// A gateway from its setting:
/// - `log`
/// - `http:{"url": …, "headers": {…}, "form": {…} | "json": {…}, "reference": "/id", "cost": 25, "name": "…"}`
/// - `africastalking:USERNAME:API_KEY[:SENDER_ID]`
/// - `msg91:AUTH_KEY` (the DLT template id of each message kind is set per organisation)
/// - `whatsapp:PHONE_NUMBER_ID:ACCESS_TOKEN` (template messages; names set per organisation)
/// - `smtp://user:password@host:587?tls=required&from=notices@coop.example` (email; `smtps://`
///   for TLS from the start)
pub fn parse(channel: Channel, spec: &str) -> Result<Arc<dyn Gateway>, String> {
    if spec.starts_with("smtp://") || spec.starts_with("smtps://") {
        return Ok(Arc::new(SmtpGateway::new(spec)?));
    }
    let (kind, rest) = spec.split_once(':').unwrap_or((spec, ""));
    let parts: Vec<&str> = rest.split(':').collect();
    let g: Arc<dyn Gateway> = match kind {
        "log" => Arc::new(LogGateway(channel)),
        "http" => Arc::new(http_from_json(channel, rest)?),
        "africastalking" if parts.len() >= 2 => {
            let mut form = vec![
                ("username".to_string(), parts[0].to_string()),
                ("to".to_string(), "{to}".to_string()),
                ("message".to_string(), "{text}".to_string()),
            ];
            if let Some(from) = parts.get(2) {
                form.push(("from".to_string(), from.to_string()));
            }
            let mut g = HttpGateway::new(
                "africastalking",
                channel,
                "https://api.africastalking.com/version1/messaging",
                vec![
                    ("apiKey".into(), parts[1].into()),
                    ("Accept".into(), "application/json".into()),
                ],
                Body::Form(form),
            );
            g.reference = Some("/SMSMessageData/Recipients/0/messageId".into());
            Arc::new(g)
        }
        "msg91" if !parts[0].is_empty() => {
            let mut g = HttpGateway::new(
                "msg91",
                channel,
                "https://control.msg91.com/api/v5/flow",
                vec![("authkey".into(), parts[0].into())],
                Body::Json(serde_json::json!({
                    "template_id": "{template}",
                    "short_url": "0",
                    "recipients": [{"mobiles": "{to_digits}", "text": "{text}"}]
                })),
            );
            g.reference = Some("/message".into());
            Arc::new(g)
        }
        "whatsapp" if parts.len() >= 2 => {
            let mut g = HttpGateway::new(
                "whatsapp",
                channel,
                &format!("https://graph.facebook.com/v21.0/{}/messages", parts[0]),
                vec![("Authorization".into(), format!("Bearer {}", parts[1]))],
                Body::Json(serde_json::json!({
                    "messaging_product": "whatsapp",
                    "to": "{to_digits}",
                    "type": "template",
                    "template": {
                        "name": "{template}",
                        "language": {"code": "{locale}"},
                        "components": [{"type": "body", "parameters": [{"type": "text", "text": "{text}"}]}]
                    }
                })),
            );
            g.reference = Some("/messages/0/id".into());
            Arc::new(g)
        }
        _ => return Err(format!("unknown gateway setting for {}: {kind}", channel.as_str())),
    };
    Ok(g)
}

/// Email through an SMTP server (lettre), from the address the setting's `from` names.
pub struct SmtpGateway {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    from: lettre::message::Mailbox,
}

impl SmtpGateway {
    pub fn new(url: &str) -> Result<SmtpGateway, String> {
        let from = url
            .split_once('?')
            .and_then(|(_, q)| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == "from")
                    .map(|(_, v)| v.to_string())
            })
            .ok_or("smtp gateway: add ?from=address")?;
        let from: lettre::message::Mailbox = from.parse().map_err(|e| format!("smtp gateway from: {e}"))?;
        // lettre reads the rest of the address; `from` is ours.
        let bare: String = {
            let (base, query) = url.split_once('?').unwrap_or((url, ""));
            let kept: Vec<String> = form_urlencoded::parse(query.as_bytes())
                .filter(|(k, _)| k != "from")
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            if kept.is_empty() {
                base.to_string()
            } else {
                format!("{base}?{}", kept.join("&"))
            }
        };
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&bare)
            .map_err(|e| format!("smtp gateway: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(SmtpGateway { transport, from })
    }
}

#[async_trait::async_trait]
impl Gateway for SmtpGateway {
    fn name(&self) -> &str {
        "smtp"
    }
    fn channel(&self) -> Channel {
        Channel::Email
    }
    async fn send(&self, msg: &Outgoing) -> Result<Sent, SendError> {
        use lettre::AsyncTransport;
        let to: lettre::message::Mailbox = msg
            .to
            .parse()
            .map_err(|e| SendError::Permanent(format!("address: {e}")))?;
        // The subject is the text's first words: a notice is one line.
        let subject: String = msg.text.chars().take(70).collect();
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(msg.text.clone())
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        match self.transport.send(email).await {
            Ok(r) => Ok(Sent {
                reference: r
                    .message()
                    .next()
                    .map(str::to_string)
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| format!("smtp-{}", msg.id)),
                cost_minor: 0,
            }),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
            Err(e) => Err(SendError::Temporary(e.to_string())),
        }
    }
}

fn http_from_json(channel: Channel, json: &str) -> Result<HttpGateway, String> {
    let v: Value = serde_json::from_str(json).map_err(|e| format!("http gateway: {e}"))?;
    let url = v["url"].as_str().ok_or("http gateway: url is missing")?;
    let strings = |key: &str| -> Vec<(String, String)> {
        v[key]
            .as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, x)| (k.clone(), x.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let body = if v.get("json").is_some() {
        Body::Json(v["json"].clone())
    } else {
        Body::Form(strings("form"))
    };
    let mut g = HttpGateway::new(
        v["name"].as_str().unwrap_or("http"),
        channel,
        url,
        strings("headers"),
        body,
    );
    g.reference = v["reference"].as_str().map(str::to_string);
    g.cost_minor = v["cost"].as_i64().unwrap_or(0);
    Ok(g)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg() -> Outgoing {
        Outgoing {
            id: 7,
            channel: Channel::Sms,
            to: "+919825000005".into(),
            text: "Dura Sundari: a vote is open".into(),
            locale: "gu".into(),
            template_id: Some("1207161234567890123".into()),
        }
    }

    #[test]
    fn presets_write_what_their_carriers_read() {
        let at = parse(Channel::Sms, "africastalking:sandbox:KEY:TEJIDO").unwrap();
        assert_eq!(at.name(), "africastalking");
        let msg91 = HttpGateway::new(
            "m",
            Channel::Sms,
            "u",
            vec![],
            Body::Json(serde_json::json!({"t": "{template}", "r": [{"m": "{to_digits}"}]})),
        );
        let (_, _, body) = msg91.request(&msg());
        assert_eq!(
            body,
            Body::Json(serde_json::json!({"t": "1207161234567890123", "r": [{"m": "919825000005"}]}))
        );
        assert!(parse(Channel::WhatsApp, "whatsapp:123:TOKEN").is_ok());
        assert!(parse(Channel::Sms, "msg91:").is_err(), "an auth key is needed");
        assert!(parse(Channel::Sms, "carrier-pigeon").is_err());
    }

    #[test]
    fn a_generic_gateway_is_set_by_its_address_and_fields() {
        let g = http_from_json(
            Channel::Sms,
            r#"{"url": "https://sms.example/send?key=K", "form": {"dest": "{to_digits}", "msg": "{text}"}, "headers": {"X-Key": "k"}, "cost": 25}"#,
        )
        .unwrap();
        let (url, headers, body) = g.request(&msg());
        assert_eq!(url, "https://sms.example/send?key=K");
        assert_eq!(headers, vec![("X-Key".to_string(), "k".to_string())]);
        assert_eq!(
            body,
            Body::Form(vec![
                ("dest".into(), "919825000005".into()),
                ("msg".into(), "Dura Sundari: a vote is open".into())
            ])
        );
        assert_eq!(g.cost_minor, 25);
    }
}
