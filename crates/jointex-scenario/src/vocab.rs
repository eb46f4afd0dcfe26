//! The closed vocabularies of the scenario format: sectors, asset kinds, zones, controls,
//! roles, TLP levels, inject channels, campaign phases, impacts, order kinds and HSEEP core
//! capabilities.
//!
//! They are plain enums shared by the raw file types and the validated model: a value that
//! parsed is already valid, so there is nothing to convert. Every enum lists its variants in
//! `ALL` so that documentation, generators and "did you mean" hints never drift from the code.

use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The variant's name as written in a scenario file.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => stringify!($variant)),+ }
            }

            /// A short English label for reports and screens.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

vocabulary! {
    /// Critical-infrastructure sector an asset belongs to.
    Sector {
        /// Electricity generation, transmission and distribution.
        Energy => "energy",
        /// Drinking water and wastewater.
        Water => "water",
        /// Telecommunications, including undersea cables and mobile networks.
        Telecom => "telecom",
        /// Banks, exchanges, payment and settlement systems.
        Finance => "finance",
        /// Hospitals and public health.
        Health => "health",
        /// Ports, rail, aviation and road.
        Transport => "transport",
        /// Government services and agencies.
        Government => "government",
        /// IT service providers and cloud platforms.
        ItCloud => "IT/cloud",
        /// Manufacturing and industrial production.
        Manufacturing => "manufacturing",
        /// Emergency services (911 / 119 dispatch).
        Emergency => "emergency services",
    }
}

vocabulary! {
    /// What an asset is.
    AssetKind {
        /// An end-user workstation.
        Workstation => "workstation",
        /// A general-purpose server.
        Server => "server",
        /// A directory domain controller.
        DomainController => "domain controller",
        /// A mail server or gateway.
        MailServer => "mail server",
        /// A public web server or portal.
        WebServer => "web server",
        /// A database server.
        Database => "database",
        /// A firewall.
        Firewall => "firewall",
        /// A router or core switch.
        Router => "router",
        /// A VPN or remote-access gateway.
        VpnGateway => "VPN gateway",
        /// A vendor's software-update server.
        VendorUpdateServer => "vendor update server",
        /// A cloud tenant or SaaS platform.
        CloudTenant => "cloud tenant",
        /// A SCADA human-machine interface.
        ScadaHmi => "SCADA HMI",
        /// A programmable logic controller.
        Plc => "PLC",
        /// A remote terminal unit.
        Rtu => "RTU",
        /// A process historian.
        Historian => "historian",
        /// An engineering workstation for OT.
        EngineeringWorkstation => "engineering workstation",
        /// A payment or interbank settlement switch.
        PaymentSwitch => "payment switch",
        /// A trading or exchange matching engine.
        TradingEngine => "trading engine",
        /// An electronic health record system.
        HealthRecords => "health records system",
        /// A medical device network segment.
        MedicalDevice => "medical device",
        /// A telecom core network element.
        TelecomCore => "telecom core",
        /// A cable landing station or undersea cable segment.
        CableLanding => "cable landing station",
        /// A dispatch / call-handling system.
        DispatchSystem => "dispatch system",
    }
}

vocabulary! {
    /// Network zone an asset sits in, from the outside in.
    Zone {
        /// Directly on the internet.
        Internet => "internet",
        /// A demilitarised zone between the internet and IT.
        Dmz => "DMZ",
        /// The corporate IT network.
        It => "IT",
        /// The operational-technology / industrial control network.
        Ot => "OT",
    }
}

vocabulary! {
    /// A defensive control present on an asset.
    Control {
        /// Endpoint detection and response.
        Edr => "EDR",
        /// Multi-factor authentication.
        Mfa => "MFA",
        /// Offline backups that a restore can use.
        Backups => "backups",
        /// Network segmentation around the asset.
        Segmentation => "segmentation",
        /// Central logging into a SIEM.
        Logging => "logging",
        /// Application allow-listing.
        Allowlisting => "allow-listing",
        /// Passive network / ICS protocol monitoring.
        NetworkMonitoring => "network monitoring",
    }
}

vocabulary! {
    /// A role on a national team.
    Role {
        /// Team lead: approves the plan and speaks for the team.
        Lead => "lead",
        /// Analyst: investigates and hunts.
        Analyst => "analyst",
        /// Operator: isolates, patches, restores.
        Operator => "operator",
        /// Liaison: talks to the partner CERT.
        Liaison => "liaison",
    }
}

vocabulary! {
    /// Traffic Light Protocol 2.0 level.
    Tlp {
        /// TLP:CLEAR, no restriction.
        Clear => "TLP:CLEAR",
        /// TLP:GREEN, the community, not public channels.
        Green => "TLP:GREEN",
        /// TLP:AMBER, the recipient organisation and those who need to know.
        Amber => "TLP:AMBER",
        /// TLP:AMBER+STRICT, the recipient organisation only.
        AmberStrict => "TLP:AMBER+STRICT",
        /// TLP:RED, named recipients only.
        Red => "TLP:RED",
    }
}

vocabulary! {
    /// How an inject reaches its audience.
    Channel {
        /// An e-mail.
        Email => "email",
        /// A phone call.
        Phone => "phone",
        /// A news report.
        News => "news",
        /// A social-media post.
        Social => "social media",
        /// A SIEM or IDS alert.
        SiemAlert => "SIEM alert",
        /// The bilateral CERT hotline.
        PartnerHotline => "partner hotline",
        /// A vendor security advisory.
        VendorAdvisory => "vendor advisory",
        /// A ransom note on a compromised system.
        RansomNote => "ransom note",
        /// A report from a sector ISAC or an asset owner.
        SectorReport => "sector report",
        /// A tasking or brief from government leadership.
        Leadership => "leadership tasking",
    }
}

vocabulary! {
    /// A stage's place in the attack lifecycle (ATT&CK tactics, coarsened).
    Phase {
        /// Getting a first foothold.
        InitialAccess => "initial access",
        /// Running code on the foothold.
        Execution => "execution",
        /// Staying on after reboots and resets.
        Persistence => "persistence",
        /// Gaining higher privileges.
        PrivilegeEscalation => "privilege escalation",
        /// Stealing credentials.
        CredentialAccess => "credential access",
        /// Mapping the network.
        Discovery => "discovery",
        /// Moving to further assets along network, trust and supply-chain edges.
        LateralMovement => "lateral movement",
        /// Gathering data of interest.
        Collection => "collection",
        /// Command-and-control.
        CommandAndControl => "command and control",
        /// Taking data out.
        Exfiltration => "exfiltration",
        /// Doing damage.
        Impact => "impact",
    }
}

vocabulary! {
    /// What an impact stage does to the assets it reaches.
    Impact {
        /// Encrypts data for ransom: the service goes down until restored.
        Encrypt => "encryption",
        /// Destroys data: the service goes down until restored.
        Wipe => "wiping",
        /// Manipulates an industrial process: the service fails.
        IcsManipulation => "ICS manipulation",
        /// Steals data: the service stays up, confidentiality is lost.
        Exfiltrate => "exfiltration",
        /// Floods or disrupts: the service degrades.
        Disrupt => "disruption",
        /// Defaces a public site.
        Deface => "defacement",
    }
}

vocabulary! {
    /// A kind of order a team can give (also what an inject expects players to do).
    ActionKind {
        /// Investigate an asset: learn whether it is compromised.
        Investigate => "investigate",
        /// Hunt for an indicator across the team's assets.
        Hunt => "hunt",
        /// Isolate an asset from the network.
        Isolate => "isolate",
        /// Reconnect an isolated asset.
        Reconnect => "reconnect",
        /// Patch an asset's vulnerabilities.
        Patch => "patch",
        /// Reset credentials on an asset.
        ResetCredentials => "reset credentials",
        /// Restore an asset from backup.
        Restore => "restore from backup",
        /// Deploy a sensor on an asset.
        DeploySensor => "deploy sensor",
        /// Block an indicator at the border.
        Block => "block indicator",
        /// Share intel with the partner.
        Share => "share intel",
        /// Ask the partner for assistance.
        RequestAssistance => "request assistance",
        /// A joint operation with the partner in the same turn.
        JointOperation => "joint operation",
        /// Publish a public advisory.
        PublicAdvisory => "public advisory",
    }
}

impl ActionKind {
    /// What the order acts on: an asset, an indicator or nothing.
    pub fn target(self) -> TargetKind {
        use ActionKind::*;
        match self {
            Investigate | Isolate | Reconnect | Patch | ResetCredentials | Restore
            | DeploySensor => TargetKind::Asset,
            Hunt | Block | Share | PublicAdvisory => TargetKind::Indicator,
            RequestAssistance | JointOperation => TargetKind::None,
        }
    }
}

/// What an order's target refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    /// An asset id.
    Asset,
    /// An indicator id.
    Indicator,
    /// No target.
    None,
}

vocabulary! {
    /// An HSEEP / FEMA core capability that an objective evaluates.
    Capability {
        /// Planning.
        Planning => "Planning",
        /// Public Information and Warning.
        PublicInformationAndWarning => "Public Information and Warning",
        /// Operational Coordination.
        OperationalCoordination => "Operational Coordination",
        /// Intelligence and Information Sharing.
        IntelligenceAndInformationSharing => "Intelligence and Information Sharing",
        /// Interdiction and Disruption.
        InterdictionAndDisruption => "Interdiction and Disruption",
        /// Screening, Search, and Detection.
        ScreeningSearchAndDetection => "Screening, Search, and Detection",
        /// Forensics and Attribution.
        ForensicsAndAttribution => "Forensics and Attribution",
        /// Access Control and Identity Verification.
        AccessControlAndIdentityVerification => "Access Control and Identity Verification",
        /// Cybersecurity.
        Cybersecurity => "Cybersecurity",
        /// Supply Chain Integrity and Security.
        SupplyChainIntegrityAndSecurity => "Supply Chain Integrity and Security",
        /// Infrastructure Systems.
        InfrastructureSystems => "Infrastructure Systems",
        /// Operational Communications.
        OperationalCommunications => "Operational Communications",
        /// Situational Assessment.
        SituationalAssessment => "Situational Assessment",
        /// Economic Recovery.
        EconomicRecovery => "Economic Recovery",
    }
}

vocabulary! {
    /// What an actor is after.
    Motivation {
        /// Money: ransomware, fraud.
        Financial => "financial",
        /// Secrets.
        Espionage => "espionage",
        /// Pre-positioning or sabotage of critical services.
        Disruption => "disruption",
        /// Publicity for a cause.
        Hacktivism => "hacktivism",
    }
}

vocabulary! {
    /// Kind of trust relation an edge stands for.
    TrustKind {
        /// A site-to-site or remote-access VPN.
        Vpn => "VPN",
        /// A directory (domain / forest) trust.
        Directory => "directory trust",
        /// Remote support access held by a third party.
        RemoteSupport => "remote support",
        /// Credentials shared or reused between the two.
        SharedCredentials => "shared credentials",
    }
}

vocabulary! {
    /// Type of an indicator of compromise.
    IndicatorKind {
        /// An IPv4 address.
        Ipv4 => "IPv4 address",
        /// An IPv6 address.
        Ipv6 => "IPv6 address",
        /// A domain name.
        Domain => "domain",
        /// A URL.
        Url => "URL",
        /// An MD5 file hash.
        Md5 => "MD5 hash",
        /// A SHA-1 file hash.
        Sha1 => "SHA-1 hash",
        /// A SHA-256 file hash.
        Sha256 => "SHA-256 hash",
        /// An e-mail address.
        Email => "e-mail address",
    }
}
