/** Orders alert severities (labels are free text): critical/page > warning > info > anything else. */
export function severityRank(severity: string): number {
  switch (severity) {
    case 'critical':
    case 'page':
      return 3;
    case 'warning':
      return 2;
    case 'info':
      return 1;
    default:
      return 0;
  }
}
