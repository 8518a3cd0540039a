"""The aviso de privacidad (integral and simplified) published as the content page
`aviso-de-privacidad` (issue 13). Its text names only what the platform does; the institute's
data protection officer reviews it before a real election (docs/privacy.md)."""

from __future__ import annotations

from chalicelib.content.models import ContentInput, ContentStatus, SourceLink

SLUG = "aviso-de-privacidad"

LGPDPPSO = SourceLink(
    url="https://www.diputados.gob.mx/LeyesBiblio/pdf/LGPDPPSO.pdf",
    title="Ley General de Protección de Datos Personales en Posesión de Sujetos Obligados",
)


def privacy_notice_page() -> ContentInput:
    return ContentInput(
        title="Aviso de privacidad",
        summary="Qué datos personales guarda DecideIEEM, para qué, por cuánto tiempo y cómo ejercer tus derechos ARCO.",
        position=900,
        status=ContentStatus.PUBLISHED,
        sources=[LGPDPPSO],
        body_markdown="""\
## Aviso de privacidad simplificado

El **Instituto Electoral del Estado de México (IEEM)** es responsable de los datos personales que
recaba DecideIEEM. Si creas una cuenta guardamos tu **correo electrónico** (para confirmar que es
tuyo, iniciar sesión y avisarte de las respuestas a tus propuestas) y el **nombre público** que
elijas (aparece junto a tus propuestas). No pedimos tu credencial para votar, tu domicilio ni tu
teléfono. No vendemos ni compartimos tus datos; las propuestas publicadas son públicas porque así
lo pides al enviarlas. Puedes consultar, corregir o cancelar tus datos, u oponerte a su uso, como
se explica abajo.

## Aviso de privacidad integral

### Responsable

El Instituto Electoral del Estado de México, organismo público local electoral, a través de la
plataforma DecideIEEM.

### Datos que guardamos

- **Cuenta ciudadana:** correo electrónico, nombre público, la fecha en que creaste y confirmaste
  tu cuenta y la versión de este aviso que aceptaste.
- **Tu participación:** las propuestas que envías (título, problema, propuesta, elección a la que
  van), los apoyos que das y el estado de moderación de tus propuestas.
- **Seguridad:** códigos de un solo uso (solo su huella cifrada, nunca el código) y contadores de
  intentos fallidos ligados a una huella de tu correo y de la dirección de red desde la que se
  intentó.
- **Cuentas de partidos y del IEEM:** correo, nombre, partido que representan y el registro de
  lo que hacen en la plataforma (bitácora de auditoría). Si activan la verificación en dos pasos
  (obligatoria para el personal del IEEM), la fecha en que la activaron; la clave de su app de
  autenticación la guarda el servicio de cuentas, no la plataforma.

No recabamos datos personales sensibles. Las candidaturas aparecen solo con los datos del
registro oficial que publica el IEEM.

### Para qué los usamos

Para confirmar tu correo y proteger tu cuenta; para publicar tus propuestas con tu nombre público
y enviarlas a las candidaturas que elijas; para avisarte por correo de las respuestas; y para
moderar y auditar la plataforma. No los usamos para perfilarte ni para publicidad.

### Cuánto tiempo los guardamos

- Una cuenta que no se confirma se borra a los **7 días**.
- Los códigos de confirmación y de contraseña vencen a las **24 horas** (los de invitación a las
  **72 horas**); los contadores de intentos, a las **24 horas**.
- Los datos de tu cuenta se guardan mientras la conserves; si la eliminas, se borran en ese
  momento (la auditoría del IEEM conserva solo el identificador de la cuenta).
- Tres años (**1,095 días**) después de que termina un proceso electoral, las propuestas de ese
  proceso dejan de mostrar el nombre de quien las escribió y los apoyos dejan de estar ligados a
  una cuenta.

### Transferencias

No transferimos tus datos a terceros. Los correos se envían mediante el proveedor de
infraestructura del IEEM, que actúa como encargado.

### Derechos ARCO (acceso, rectificación, cancelación y oposición)

En «Mis datos» (menú de tu cuenta) puedes, sin trámite:

- **Acceso:** ver y descargar (en JSON) todo lo que guardamos de ti.
- **Rectificación:** corregir tu nombre público.
- **Cancelación:** eliminar tu cuenta; eliges si tus propuestas publicadas siguen visibles como
  «Cuenta eliminada» o se retiran.
- **Oposición:** dejar de recibir avisos por correo en tus ajustes de avisos.

También puedes presentarlos ante la Unidad de Transparencia del IEEM o en la Plataforma Nacional
de Transparencia, identificándote con el correo de tu cuenta.

### Cambios a este aviso

Cada cambio se publica aquí con una versión nueva; al crear tu cuenta registramos la versión que
aceptaste.
""",
    )
